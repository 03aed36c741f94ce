import { parseListSchedulesQuery, scheduleView } from '@rez-agent/core';
import type { RouteHandler } from '../types';

/** `{ schedules, next_cursor? }` by name, API and stack schedules alike; one Query per page. */
export const listSchedules: RouteHandler = {
  errors: { input: 'query' },
  async handle({ event }, { schedules }) {
    const page = await schedules.list(parseListSchedulesQuery(event.queryStringParameters ?? {}));
    return { statusCode: 200, body: { schedules: page.schedules.map(scheduleView), ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}) } };
  },
};

import { LogCode, createSchedule as create, parseCreateScheduleRequest, scheduleView } from '@rez-agent/core';
import { assertJsonContentType, jsonBody } from '../http/request';
import type { RouteHandler } from '../types';
import { scheduleLocation } from './schedule-name';

/**
 * `{ name, expression, timezone, message, enabled? }` → 201 with the schedule and its next run.
 * The expression and zone are checked by the stack's own parser; a bad field is a 400 naming it,
 * a taken name a 409, and nothing is stored either way.
 */
export const createSchedule: RouteHandler = {
  errors: { input: 'body' },
  async handle({ event, logger }, deps) {
    assertJsonContentType(event);
    const schedule = await create(deps, parseCreateScheduleRequest(jsonBody(event)));
    logger.info({ code: LogCode.SCHEDULE_CHANGED, schedule: schedule.name, change: 'created', next_run_at: schedule.next_run_at }, 'schedule created');
    return { statusCode: 201, body: scheduleView(schedule), headers: { Location: scheduleLocation(schedule.name) } };
  },
};

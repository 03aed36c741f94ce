import { LogCode, deleteSchedule as remove, getSchedule as get, parseUpdateScheduleRequest, scheduleView, updateSchedule as update } from '@rez-agent/core';
import { assertJsonContentType, jsonBody } from '../http/request';
import type { RouteHandler } from '../types';
import { scheduleNameParam } from './schedule-name';

const notFound = ({ params }: { params: Readonly<Record<string, string>> }) => `no schedule is named ${scheduleNameParam(params)}`;

export const getSchedule: RouteHandler = {
  errors: { notFound },
  async handle({ params }, deps) {
    return { statusCode: 200, body: scheduleView(await get(deps, scheduleNameParam(params))) };
  },
};

/**
 * Any of `expression`, `timezone`, `message`, `enabled` → 200 with the schedule. A new
 * expression or zone counts from now. 409 for a stack schedule (only a deploy changes it) or a
 * concurrent change.
 */
export const updateSchedule: RouteHandler = {
  errors: { input: 'body', notFound },
  async handle({ event, params, logger }, deps) {
    const name = scheduleNameParam(params);
    assertJsonContentType(event);
    const schedule = await update(deps, name, parseUpdateScheduleRequest(jsonBody(event)));
    logger.info({ code: LogCode.SCHEDULE_CHANGED, schedule: name, change: 'updated', next_run_at: schedule.next_run_at }, 'schedule changed');
    return { statusCode: 200, body: scheduleView(schedule) };
  },
};

/** 204; 409 for a stack schedule, which only a deploy removes. Its messages stay. */
export const deleteSchedule: RouteHandler = {
  errors: { notFound },
  async handle({ params, logger }, deps) {
    const name = scheduleNameParam(params);
    await remove(deps, name);
    logger.info({ code: LogCode.SCHEDULE_CHANGED, schedule: name, change: 'deleted' }, 'schedule deleted');
    return { statusCode: 204 };
  },
};

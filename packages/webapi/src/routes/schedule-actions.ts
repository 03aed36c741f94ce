import { LogCode, pauseSchedule as pause, resumeSchedule as resume, scheduleView, triggerSchedule as trigger } from '@rez-agent/core';
import type { RouteHandler } from '../types';
import { scheduleNameParam } from './schedule-name';

/*
 * Allowed on stack schedules too: they change the schedule's state, not its definition. None
 * takes a body.
 */

const notFound = ({ params }: { params: Readonly<Record<string, string>> }) => `no schedule is named ${scheduleNameParam(params)}`;

/** 200 with the schedule, paused: no occurrence fires until it is resumed. */
export const pauseSchedule: RouteHandler = {
  errors: { notFound },
  async handle({ params, logger }, deps) {
    const schedule = await pause(deps, scheduleNameParam(params));
    logger.info({ code: LogCode.SCHEDULE_CHANGED, schedule: schedule.name, change: 'paused' }, 'schedule paused');
    return { statusCode: 200, body: scheduleView(schedule) };
  },
};

/** 200 with the schedule, enabled from its next occurrence: the paused time is not "missed". */
export const resumeSchedule: RouteHandler = {
  errors: { notFound },
  async handle({ params, logger }, deps) {
    const schedule = await resume(deps, scheduleNameParam(params));
    logger.info({ code: LogCode.SCHEDULE_CHANGED, schedule: schedule.name, change: 'resumed', next_run_at: schedule.next_run_at }, 'schedule resumed');
    return { statusCode: 200, body: scheduleView(schedule) };
  },
};

/** Fires one message now, whatever the schedule's state: 202 with the message, delivered from here like any other. */
export const triggerSchedule: RouteHandler = {
  errors: { notFound },
  async handle({ params, logger, correlationId }, deps) {
    const name = scheduleNameParam(params);
    const message = await trigger(deps, name, correlationId);
    logger.info({ code: LogCode.SCHEDULE_FIRED, schedule: name, message_id: message.id, manual: true }, 'schedule triggered by request');
    return { statusCode: 202, body: message, headers: { Location: `/api/messages/${message.id}` } };
  },
};

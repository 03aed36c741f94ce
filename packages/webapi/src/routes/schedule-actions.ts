import { LogCode, pauseSchedule as pause, resumeSchedule as resume, scheduleView, triggerSchedule as trigger } from '@rez-agent/core';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, scopedIdempotencyKey } from '../http/idempotency-key';
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

/**
 * Fires one message now, whatever the schedule's state: 202 with the message, delivered from here
 * like any other. With an Idempotency-Key a repeat answers the first message with 200 and fires
 * nothing; a key first used with another request is a 422, one still at work a 409 with
 * Retry-After (the rules and answers of POST /api/messages).
 */
export const triggerSchedule: RouteHandler = {
  errors: {
    notFound,
    conflict: () => `this ${IDEMPOTENCY_KEY_HEADER} belongs to a message that no longer exists; send a new key`,
  },
  async handle({ event, params, principal, logger, correlationId }, deps) {
    const key = idempotencyKeyOf(event);
    const name = scheduleNameParam(params);
    const { message, created } = await trigger(deps, name, {
      correlationId,
      ...(key === undefined ? {} : { idempotencyKey: scopedIdempotencyKey(principal, key) }),
    });
    logger.info(
      { code: created ? LogCode.SCHEDULE_FIRED : LogCode.MESSAGE_DUPLICATE, schedule: name, message_id: message.id, manual: true, idempotency_key: key },
      created ? 'schedule triggered by request' : 'idempotency key repeated; returning the first message',
    );
    return { statusCode: created ? 202 : 200, body: message, headers: { Location: `/api/messages/${message.id}` } };
  },
};

import { LogCode, createMessage, type Logger, type ScheduledRunInput } from '@rez-agent/core';
import type { ScheduledRunResult, SchedulerDeps } from './types';

/**
 * The idempotency key of one run: the schedule and the time it was due. Scheduler delivers at
 * least once, and every delivery of a run carries the same scheduled time, so a repeat finds the
 * first message. The time is normalised so `09:00:00Z` and `09:00:00.000Z` are one run.
 */
export function scheduleIdempotencyKey(schedule: string, scheduledTime: string): string {
  const at = new Date(scheduledTime);
  return `schedule:${schedule}:${Number.isNaN(at.getTime()) ? scheduledTime : at.toISOString()}`;
}

/**
 * Creates the run's message: save (created) → publish → queued. A failed publish throws, so
 * Scheduler's retry policy invokes again; the retry finds the stored message still in created
 * and publishes it (createMessage), so there is still one message and it is sent once.
 */
export async function runSchedule(deps: SchedulerDeps, input: ScheduledRunInput, log: Logger): Promise<ScheduledRunResult> {
  const idempotencyKey = scheduleIdempotencyKey(input.schedule, input.scheduled_time);
  try {
    const { message, created } = await createMessage(deps, {
      message_type: input.message_type,
      payload: input.payload,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      ...(input.tags !== undefined ? { tags: input.tags } : {}),
      ...(input.click !== undefined ? { click: input.click } : {}),
      created_by: `schedule:${input.schedule}`,
      idempotency_key: idempotencyKey,
    });
    log.info(
      { code: created ? LogCode.MESSAGE_CREATED : LogCode.MESSAGE_DUPLICATE, message_id: message.id, status: message.status, correlation_id: message.correlation_id },
      created ? 'scheduled message created' : 'repeated run: the message already exists',
    );
    return { action: 'schedule', message_id: message.id, status: message.status, created };
  } catch (error) {
    log.error({ code: LogCode.UNEXPECTED_ERROR, idempotency_key: idempotencyKey, error }, 'scheduled run failed; Scheduler will retry it');
    throw error;
  }
}

import type { ScheduledRunRequest, SweepInput } from '../schemas/index';
import type { ScheduleDefinition } from './definition';

/**
 * The JSON the scheduler function receives for a schedule. EventBridge Scheduler replaces the
 * `<aws.scheduler.*>` placeholders; with the schedule name they make the idempotency key of a
 * run, so an at-least-once repeat of the same run creates nothing new. The sandbox fills them in
 * itself.
 */
export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';
export const EXECUTION_ID_PLACEHOLDER = '<aws.scheduler.execution-id>';
export const SCHEDULE_ARN_PLACEHOLDER = '<aws.scheduler.schedule-arn>';
export const ATTEMPT_NUMBER_PLACEHOLDER = '<aws.scheduler.attempt-number>';

/** Scheduler's context attributes, as placeholders it fills in on every run. */
const CONTEXT_PLACEHOLDERS = {
  scheduled_time: SCHEDULED_TIME_PLACEHOLDER,
  execution_id: EXECUTION_ID_PLACEHOLDER,
  schedule_arn: SCHEDULE_ARN_PLACEHOLDER,
  attempt_number: ATTEMPT_NUMBER_PLACEHOLDER,
} as const;

/** The target input of a configured schedule: its message input plus the run's context. */
export function scheduleTargetInput(definition: ScheduleDefinition): ScheduledRunRequest {
  return { action: 'schedule', schedule: definition.name, ...definition.input, ...CONTEXT_PLACEHOLDERS };
}

/** The values Scheduler puts in for the placeholders on one run. */
export interface SchedulerRunContext {
  /** ISO 8601; Scheduler writes it to the second, e.g. 2026-01-31T09:00:00Z. */
  scheduledTime: string;
  executionId: string;
  scheduleArn: string;
  attemptNumber: number;
}

/** What EventBridge Scheduler does to a target input on each run (the sandbox does the same). */
export function fillSchedulerContext<T extends object>(input: T, run: SchedulerRunContext): T {
  const values: Record<string, string> = {
    [SCHEDULED_TIME_PLACEHOLDER]: run.scheduledTime,
    [EXECUTION_ID_PLACEHOLDER]: run.executionId,
    [SCHEDULE_ARN_PLACEHOLDER]: run.scheduleArn,
    [ATTEMPT_NUMBER_PLACEHOLDER]: String(run.attemptNumber),
  };
  const text = Object.entries(values).reduce((json, [placeholder, value]) => json.replaceAll(placeholder, value), JSON.stringify(input));
  return JSON.parse(text) as T;
}

/** The stuck-message sweep's own schedule; no configured schedule may take this name. */
export const SWEEP_SCHEDULE_NAME = 'sweep';

export const SWEEP_TARGET_INPUT: SweepInput = { action: 'sweep', ...CONTEXT_PLACEHOLDERS };


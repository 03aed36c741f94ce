import type { TickInput } from '../schemas/index';

/**
 * The scheduler function's one trigger: an EventBridge Scheduler schedule that invokes it every
 * minute with this input. EventBridge replaces the `<aws.scheduler.*>` placeholders on every run
 * (the sandbox does the same with fillSchedulerContext).
 */
/** At second 0 of every minute (a rate() starts at whatever second it was created). */
export const TICK_EXPRESSION = 'cron(* * * * ? *)';
export const TICK_PERIOD_SECONDS = 60;
/** The tick's schedule and schedule group name suffix (`rez-agent-<stage>-tick`). */
export const TICK_SCHEDULE_NAME = 'tick';
/** Due schedules one tick fires at most; the rest are still due for the next tick. */
export const TICK_SCHEDULE_LIMIT = 500;

export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';
export const EXECUTION_ID_PLACEHOLDER = '<aws.scheduler.execution-id>';
export const SCHEDULE_ARN_PLACEHOLDER = '<aws.scheduler.schedule-arn>';
export const ATTEMPT_NUMBER_PLACEHOLDER = '<aws.scheduler.attempt-number>';

export const TICK_TARGET_INPUT: TickInput = {
  action: 'tick',
  scheduled_time: SCHEDULED_TIME_PLACEHOLDER,
  execution_id: EXECUTION_ID_PLACEHOLDER,
  schedule_arn: SCHEDULE_ARN_PLACEHOLDER,
  attempt_number: ATTEMPT_NUMBER_PLACEHOLDER,
};

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

/**
 * The instant a tick works as of: its scheduled time, so a late or retried invocation finds the
 * schedules due and computes their occurrences as the on-time one would, not from its wall clock.
 */
export const tickTime = (input: Pick<TickInput, 'scheduled_time'>): Date => new Date(input.scheduled_time);

/**
 * Whether the tick due at `scheduledTime` also runs the stuck-message sweep: on every
 * `everyMinutes`-th minute of the clock. Decided by the tick's scheduled time, not the clock, so a
 * retried or late tick decides as the original did.
 */
export function sweepRunsAt(scheduledTime: Date, everyMinutes: number): boolean {
  return Math.floor(scheduledTime.getTime() / 60_000) % Math.max(1, everyMinutes) === 0;
}

/**
 * The custom metrics the tick emits as CloudWatch embedded metric format (EMF) log lines, read
 * by the stack's alarms: one per completed tick (the missed-tick alarm), and each fired
 * occurrence's lateness (per schedule).
 */
export const SCHEDULER_METRICS = {
  namespace: 'rez-agent/scheduler',
  ticks: 'TicksCompleted',
  lateness: 'ScheduleLatenessSeconds',
} as const;

/** The fields of one EMF log line: `_aws` tells CloudWatch which fields are metrics and dimensions. */
export function embeddedMetric(
  at: Date,
  dimensions: Record<string, string>,
  metric: { name: string; unit: 'Count' | 'Seconds'; value: number },
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        { Namespace: SCHEDULER_METRICS.namespace, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: metric.name, Unit: metric.unit }] },
      ],
    },
    ...dimensions,
    [metric.name]: metric.value,
  };
}

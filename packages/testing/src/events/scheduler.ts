import { randomBytes } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context';
import { DEV_NAMES, TEST_ACCOUNT } from './names';

/**
 * EventBridge Scheduler invocations as a Lambda target receives them: the schedule's input JSON
 * (core's `TICK_TARGET_INPUT`) after Scheduler replaced its
 * context attributes. The replacement is done on the JSON text, as Scheduler does it, so a
 * placeholder anywhere in the input is filled in and a field the template lacks stays absent.
 */

export interface SchedulerRun {
  /** The schedule's name; used in the schedule ARN. */
  scheduleName?: string;
  /** When the run was due. Scheduler writes whole seconds: `2026-03-01T09:00:00Z`. */
  scheduledTime?: Date | string;
  /** Scheduler assigns one per attempted invocation. */
  executionId?: string;
  attemptNumber?: number;
  region?: string;
  accountId?: string;
  scheduleGroup?: string;
}

export interface SchedulerContextValues {
  'schedule-arn': string;
  'scheduled-time': string;
  'execution-id': string;
  'attempt-number': string;
}

/** Scheduler's time format: ISO 8601 UTC without milliseconds. */
export const schedulerTime = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The values Scheduler substitutes for one run. */
export function schedulerContextValues(run: SchedulerRun = {}): SchedulerContextValues {
  const region = run.region ?? 'us-east-1';
  const account = run.accountId ?? TEST_ACCOUNT;
  const scheduledTime = run.scheduledTime ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  return {
    'schedule-arn': `arn:aws:scheduler:${region}:${account}:schedule/${run.scheduleGroup ?? 'default'}/${run.scheduleName ?? DEV_NAMES.tickSchedule}`,
    'scheduled-time': typeof scheduledTime === 'string' ? scheduledTime : schedulerTime(scheduledTime),
    'execution-id': run.executionId ?? randomBytes(8).toString('hex'),
    'attempt-number': String(run.attemptNumber ?? 1),
  };
}

/**
 * The event one run of a schedule delivers: `template` with every `<aws.scheduler.*>` keyword
 * replaced. The schedule name for the ARN defaults to the template's `schedule` field.
 */
export function schedulerInvocation<T extends object>(template: T, run: SchedulerRun = {}): Record<string, unknown> {
  const name = run.scheduleName ?? (template as { schedule?: unknown }).schedule;
  const values = schedulerContextValues({ ...run, ...(typeof name === 'string' ? { scheduleName: name } : {}) });
  const json = JSON.stringify(template).replace(/<aws\.scheduler\.([a-z-]+)>/g, (keyword, attribute: string) =>
    attribute in values ? values[attribute as keyof SchedulerContextValues] : keyword,
  );
  return JSON.parse(json) as Record<string, unknown>;
}

/** A Lambda context like the runtime passes the scheduler function. */
export function schedulerLambdaContext(functionName: string = DEV_NAMES.function.scheduler): Context {
  return lambdaContext({ functionName });
}

import { LogCode, ValidationError, parseSchedulerInput, type SchedulerInput } from '@rez-agent/core';
import type { Context } from 'aws-lambda';
import { runSchedule } from './run-schedule';
import { runSweep } from './run-sweep';
import type { SchedulerDeps, SchedulerResult } from './types';

export type SchedulerHandler = (event: unknown, context: Pick<Context, 'awsRequestId'>) => Promise<SchedulerResult>;

/**
 * The EventBridge Scheduler target. The event is the schedule's input (see core's
 * `scheduleTargetInput` and `SWEEP_TARGET_INPUT`): a scheduled run or `{ action: "sweep" }`.
 * Invalid input throws a ValidationError before anything is stored: the invocation fails and,
 * after the retry policy, lands in the schedule's dead-letter queue where it can be inspected.
 */
export function makeHandler(deps: SchedulerDeps): SchedulerHandler {
  return async (event, context) => {
    let input: SchedulerInput;
    try {
      input = parseSchedulerInput(event);
    } catch (error) {
      if (error instanceof ValidationError) {
        deps.logger.error({ code: LogCode.REQUEST_REJECTED, request_id: context.awsRequestId, issues: error.issues }, error.message);
      }
      throw error;
    }
    const log = deps.logger.child({
      request_id: context.awsRequestId,
      action: input.action,
      ...(input.action === 'schedule' ? { schedule: input.schedule } : {}),
      ...(input.scheduled_time !== undefined ? { scheduled_time: input.scheduled_time } : {}),
      ...(input.execution_id !== undefined ? { execution_id: input.execution_id } : {}),
      ...(input.attempt_number !== undefined ? { attempt_number: input.attempt_number } : {}),
    });
    return input.action === 'sweep' ? runSweep(deps, log) : runSchedule(deps, input, log);
  };
}

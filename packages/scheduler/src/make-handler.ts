import { LogCode, ValidationError, parseTickInput, type TickInput } from '@rez-agent/core';
import type { Context } from 'aws-lambda';
import { runTick } from './run-tick';
import type { SchedulerDeps, SchedulerResult } from './types';

export type SchedulerHandler = (event: unknown, context: Pick<Context, 'awsRequestId'>) => Promise<SchedulerResult>;

/**
 * The target of the one EventBridge Scheduler schedule, the per-minute tick (core's
 * TICK_TARGET_INPUT). Invalid input throws a ValidationError before anything is read or stored:
 * the invocation fails and, after the retries, lands in the schedules dead-letter queue where it
 * can be inspected.
 */
export function makeHandler(deps: SchedulerDeps): SchedulerHandler {
  return async (event, context) => {
    let input: TickInput;
    try {
      input = parseTickInput(event);
    } catch (error) {
      if (error instanceof ValidationError) {
        deps.logger.error({ code: LogCode.REQUEST_REJECTED, request_id: context.awsRequestId, issues: error.issues }, error.message);
      }
      throw error;
    }
    const log = deps.logger.child({
      request_id: context.awsRequestId,
      action: input.action,
      scheduled_time: input.scheduled_time,
      ...(input.execution_id !== undefined ? { execution_id: input.execution_id } : {}),
      ...(input.attempt_number !== undefined ? { attempt_number: input.attempt_number } : {}),
    });
    return runTick(deps, input, log);
  };
}

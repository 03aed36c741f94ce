import { LogCode, releaseDueMessages, sweepStale, type Logger } from '@rez-agent/core';
import type { SchedulerDeps, SweepRunResult } from './types';

/**
 * The periodic run: hands scheduled messages due soon to the queue with the delay left (core's
 * releaseDueMessages), then republishes messages stuck in created/queued/processing (sweepStale).
 * A message whose hand-over or republish fails is logged and left for the next run rather than
 * failing the invocation: a Scheduler retry of the whole run would only repeat the others.
 */
export async function runSweep(deps: SchedulerDeps, log: Logger): Promise<SweepRunResult> {
  const due = await releaseDueMessages(deps, deps.due);
  for (const failure of due.failures) {
    log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: failure.id, error: failure.error }, 'could not hand a due message to the queue');
  }
  log.info({ code: LogCode.DUE_MESSAGES_RELEASED, released: due.dispatched.length, failed: due.failures.length }, 'due messages handed over');
  const result = await sweepStale(deps, deps.sweep);
  for (const failure of result.failures) {
    log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: failure.id, error: failure.error }, 'sweep could not republish a message');
  }
  const failed = result.failures.length + due.failures.length;
  const counts = { created: result.created, queued: result.queued, processing: result.processing, failed, released: due.dispatched.length };
  log.info({ code: LogCode.SWEEP_REPUBLISHED, ...counts, stale_after_minutes: deps.sweep.staleAfterMinutes }, 'sweep done');
  return { action: 'sweep', ...counts };
}

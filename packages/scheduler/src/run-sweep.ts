import { LogCode, sweepStale, type Logger } from '@rez-agent/core';
import type { SchedulerDeps, SweepRunResult } from './types';

/**
 * Republishes messages stuck in created/queued/processing (see core's sweepStale). A message whose
 * republish fails is logged and left for the next periodic run rather than failing the
 * invocation: a Scheduler retry of the whole sweep would only republish the others again.
 */
export async function runSweep(deps: SchedulerDeps, log: Logger): Promise<SweepRunResult> {
  const result = await sweepStale(deps, deps.sweep);
  for (const failure of result.failures) {
    log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: failure.id, error: failure.error }, 'sweep could not republish a message');
  }
  const counts = { created: result.created, queued: result.queued, processing: result.processing, failed: result.failures.length };
  log.info({ code: LogCode.SWEEP_REPUBLISHED, ...counts, stale_after_minutes: deps.sweep.staleAfterMinutes }, 'sweep done');
  return { action: 'sweep', ...counts };
}

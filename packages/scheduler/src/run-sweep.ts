import { LogCode, sweepStale, type Logger } from '@rez-agent/core';
import type { SchedulerDeps, SweepRunResult } from './types';

/**
 * Republishes messages stuck in created/queued/processing (core's sweepStale). A message whose
 * republish fails is logged and left for the next sweep rather than failing the tick: a retry of
 * the whole tick would only repeat the others.
 */
export async function runSweep(deps: SchedulerDeps, log: Logger): Promise<SweepRunResult> {
  const result = await sweepStale(deps, deps.sweep);
  for (const failure of result.failures) {
    log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: failure.id, error: failure.error }, 'sweep could not republish a message');
  }
  const counts = { created: result.created, queued: result.queued, processing: result.processing, failed: result.failures.length };
  log.info({ code: LogCode.SWEEP_REPUBLISHED, ...counts, stale_after_minutes: deps.sweep.staleAfterMinutes }, 'sweep done');
  return counts;
}

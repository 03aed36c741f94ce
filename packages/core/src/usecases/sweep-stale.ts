import type { Message } from '../message/message';
import { publishAndQueue, type PublishDeps } from './publish-message';

export interface SweepOptions {
  /** Messages waiting in created/queued for longer than this are republished. */
  staleAfterMinutes: number;
  /** At most this many messages are republished per run (created first, then queued). */
  limit: number;
}

export interface SweepFailure {
  id: string;
  error: unknown;
}

export interface SweepResult {
  /** Stuck in created (saved, never published): published and moved to queued. */
  created: number;
  /** Stuck in queued (published, never delivered): published again. */
  queued: number;
  /** Messages whose republish failed; the next run finds them again. */
  failures: SweepFailure[];
}

/** Republishes run a few at a time: quick enough for the limit, gentle on SNS. */
const CONCURRENCY = 8;

/**
 * Republishes messages stranded between save and delivery: a crash between save and publish
 * leaves one in created; a lost or dead-lettered SQS record leaves one in queued. Reads the
 * sparse pending index (no Scan), oldest first, bounded by `limit` per run.
 *
 * At-least-once is safe here: a message the processor took (queued → processing) after we read
 * it is published once more, and the processor's conditional transitions drop the duplicate; a
 * created message another caller queues meanwhile makes our transition lose harmlessly
 * (publishAndQueue returns the current message). A queued message keeps its updated_date when
 * republished, so while the processor is down or backlogged each run republishes it again; the
 * duplicates are dropped the same way.
 */
export async function sweepStale(deps: PublishDeps, options: SweepOptions): Promise<SweepResult> {
  const updatedBefore = new Date(deps.clock.now().getTime() - options.staleAfterMinutes * 60_000);
  const result: SweepResult = { created: 0, queued: 0, failures: [] };

  const created = await deps.repository.findStale({ status: 'created', updatedBefore, limit: options.limit });
  result.created = await republishEach(created, (message) => publishAndQueue(deps, message), result.failures);

  const room = options.limit - created.length;
  if (room > 0) {
    const queued = await deps.repository.findStale({ status: 'queued', updatedBefore, limit: room });
    result.queued = await republishEach(queued, (message) => deps.publisher.publish(message), result.failures);
  }
  return result;
}

/** Runs `republish` for each message, CONCURRENCY at a time; returns how many succeeded. */
async function republishEach(
  messages: readonly Message[],
  republish: (message: Message) => Promise<unknown>,
  failures: SweepFailure[],
): Promise<number> {
  let succeeded = 0;
  for (let start = 0; start < messages.length; start += CONCURRENCY) {
    const batch = messages.slice(start, start + CONCURRENCY);
    const outcomes = await Promise.allSettled(batch.map(republish));
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') succeeded += 1;
      else failures.push({ id: (batch[index] as Message).id, error: outcome.reason });
    });
  }
  return succeeded;
}

import { settleEach } from '../concurrency';
import type { Message } from '../message/message';
import { publishAndQueue, type PublishDeps } from './publish-message';

export interface SweepOptions {
  /** Messages waiting in created/queued for longer than this are republished. */
  staleAfterMinutes: number;
  /** A processing lease older than this was abandoned (the processor's PROCESSING_LEASE_SECONDS). */
  leaseSeconds: number;
  /** At most this many messages are handled per run (created, then processing, then queued). */
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
  /** Held in processing under a lease nobody renewed: back to queued and published again. */
  processing: number;
  /** Messages whose republish failed; the next run finds them again. */
  failures: SweepFailure[];
}

/** Republishes run a few at a time: quick enough for the limit, gentle on SNS. */
const CONCURRENCY = 8;

/**
 * Republishes messages stranded between save and delivery: a crash between save and publish
 * leaves one in created; a lost or dead-lettered SQS record leaves one in queued; a worker that
 * died mid-delivery on the record's last receive leaves one in processing with nobody left to
 * take its lease over. Reads the sparse pending index (no Scan), oldest first, bounded by
 * `limit` per run, so every message ends completed or failed.
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
  const leaseExpiredBefore = new Date(deps.clock.now().getTime() - options.leaseSeconds * 1000);
  const result: SweepResult = { created: 0, queued: 0, processing: 0, failures: [] };
  let room = options.limit;

  const created = await deps.repository.findStale({ status: 'created', updatedBefore, limit: room });
  result.created = await republishEach(created, (message) => publishAndQueue(deps, message), result.failures);
  room -= created.length;

  if (room > 0) {
    // updated_date of a processing message is when its lease started (claim or takeover).
    const held = await deps.repository.findStale({ status: 'processing', updatedBefore: leaseExpiredBefore, limit: room });
    result.processing = await republishEach(held, (message) => requeueAbandoned(deps, message), result.failures);
    room -= held.length;
  }

  if (room > 0) {
    const queued = await deps.repository.findStale({ status: 'queued', updatedBefore, limit: room });
    result.queued = await republishEach(queued, (message) => deps.publisher.publish(message), result.failures);
  }
  return result;
}

/**
 * processing → queued under the abandoned lease (a worker that takes it over meanwhile wins and
 * this one fails harmlessly as a ConflictError), then published for a fresh delivery.
 */
async function requeueAbandoned(deps: PublishDeps, message: Message): Promise<void> {
  const queued = await deps.repository.transition({
    id: message.id,
    from: 'processing',
    to: 'queued',
    at: deps.clock.now(),
    changes: { error_message: 'the processing lease expired with no outcome recorded; requeued by the sweep' },
    ...(message.processing_started_at ? { expectedProcessingStartedAt: message.processing_started_at } : {}),
  });
  await deps.publisher.publish(queued);
}

/** Runs `republish` for each message, CONCURRENCY at a time; returns how many succeeded. */
async function republishEach(
  messages: readonly Message[],
  republish: (message: Message) => Promise<unknown>,
  failures: SweepFailure[],
): Promise<number> {
  const outcomes = await settleEach(messages, CONCURRENCY, republish);
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') failures.push({ id: (messages[index] as Message).id, error: outcome.reason });
  });
  return outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
}

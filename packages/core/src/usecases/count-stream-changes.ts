import { ConflictError } from '../errors';
import type { Clock } from '../message/clock';
import type { Message } from '../message/message';
import { changeDeltas } from '../message/metric-deltas';
import type { MetricDeltas, MetricsLedger } from '../ports/metrics-ledger';

type Counted = Pick<Message, 'status' | 'stage' | 'message_type'>;

/** One change of a message item off the table's stream: its images before and after. */
export interface MessageChange {
  /** The stream record's sequence number (decimal digits, increasing within a shard). */
  sequence: string;
  /** Absent for an insert. */
  before?: Counted;
  /** Absent for a deletion (TTL expiry). */
  after?: Counted;
}

export interface CountStreamChangesDeps {
  ledger: MetricsLedger;
  clock: Clock;
}

export interface CountResult {
  /** Changes counted now. */
  counted: number;
  /** Changes an earlier delivery of the batch (or of an overlapping one) already counted. */
  repeated: number;
}

/** Sequence numbers are decimal strings of varying length; padded, they compare as strings. */
export const comparableSequence = (sequence: string): string => sequence.padStart(40, '0');

/** Another consumer of the same shard moved the checkpoint: re-read it and count again. */
const ROUNDS = 5;

/**
 * Keeps the metrics exact off the table's stream: the deltas of every change of one shard's
 * batch not yet counted (sequence beyond the shard's checkpoint) are added in one conditional
 * write that also moves the checkpoint. A replayed, retried or bisected batch therefore adds
 * nothing twice, and a batch is counted all or nothing.
 */
export async function countStreamChanges(
  deps: CountStreamChangesDeps,
  shard: string,
  changes: readonly MessageChange[],
): Promise<CountResult> {
  const ordered = [...changes]
    .map((change) => ({ ...change, order: comparableSequence(change.sequence) }))
    .sort((a, b) => a.order.localeCompare(b.order));
  const last = ordered.at(-1);
  if (!last) return { counted: 0, repeated: 0 };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const checkpoint = await deps.ledger.checkpoint(shard);
    const fresh = ordered.filter((change) => checkpoint === undefined || change.order > checkpoint);
    if (fresh.length === 0) return { counted: 0, repeated: ordered.length };
    const deltas: MetricDeltas = {};
    for (const change of fresh) changeDeltas(change.before, change.after, deltas);
    const applied = await deps.ledger.apply({
      expected: checkpoint,
      next: { shard, sequence: last.order },
      deltas,
      at: deps.clock.now(),
    });
    if (applied) return { counted: fresh.length, repeated: ordered.length - fresh.length };
  }
  throw new ConflictError(`the metrics checkpoint of stream shard ${shard} kept moving; the batch is left for a retry`);
}

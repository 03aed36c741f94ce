import type { Metrics } from './message-repository';

/** Counter name → amount to add (negative to subtract). */
export type MetricDeltas = Record<string, number>;

/** Where a batch of changes came from: a shard of the table's stream, and how far it got. */
export interface StreamPosition {
  /** The stream shard id. */
  shard: string;
  /** The sequence number of the last change applied from that shard. */
  sequence: string;
}

export interface MetricsApplication {
  /** The shard's checkpoint as read before the batch was counted (undefined: nothing applied yet). */
  expected: string | undefined;
  /** The new checkpoint: the last sequence number of the batch. */
  next: StreamPosition;
  deltas: MetricDeltas;
  at: Date;
}

/**
 * The metric counters, written only by the stream consumer. Each write adds a batch's deltas and
 * moves its shard's checkpoint in one conditional write, so a replayed batch adds nothing.
 */
export interface MetricsLedger {
  /** The last sequence number applied from a stream shard, if any. */
  checkpoint(shard: string): Promise<string | undefined>;
  /** Adds the deltas if the shard's checkpoint is still `expected`; false (nothing written) otherwise. */
  apply(application: MetricsApplication): Promise<boolean>;
  read(): Promise<Metrics>;
}

import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES, type Message } from './message';
import type { MetricDeltas } from '../ports/metrics-ledger';
import type { Metrics } from '../ports/message-repository';

/*
 * The metrics are counters derived from the table's stream: every change of a message item adds
 * what its new image counts and subtracts what its old image counted. An insert adds, a status
 * change moves one status count, a deletion (TTL expiry) subtracts. Attempts and other items are
 * not messages and count for nothing.
 */

export const TOTAL_COUNTER = 'total';
export const statusCounter = (status: string): string => `status_${status}`;
export const stageCounter = (stage: string): string => `stage_${stage}`;
export const typeCounter = (type: string): string => `type_${type}`;

type Counted = Pick<Message, 'status' | 'stage' | 'message_type'>;

function countsOf(message: Counted): string[] {
  return [TOTAL_COUNTER, statusCounter(message.status), stageCounter(message.stage), typeCounter(message.message_type)];
}

/** What one change of a message adds to the counters; zero entries are left out. */
export function changeDeltas(before: Counted | undefined, after: Counted | undefined, into: MetricDeltas = {}): MetricDeltas {
  for (const counter of before ? countsOf(before) : []) into[counter] = (into[counter] ?? 0) - 1;
  for (const counter of after ? countsOf(after) : []) into[counter] = (into[counter] ?? 0) + 1;
  for (const [counter, delta] of Object.entries(into)) if (delta === 0) delete into[counter];
  return into;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

const counterValue = (slot: Record<string, unknown>, counter: string): number => {
  const value = slot[counter];
  return typeof value === 'number' ? value : 0;
};

/** Sums counter records into metrics; every status, stage and type is present, 0 by default. */
export function sumCounters(slots: readonly Record<string, unknown>[]): Metrics {
  const metrics: Metrics = { total: 0, by_status: zeros(MESSAGE_STATUSES), by_stage: zeros(STAGES), by_type: zeros(MESSAGE_TYPES) };
  for (const slot of slots) {
    metrics.total += counterValue(slot, TOTAL_COUNTER);
    for (const status of MESSAGE_STATUSES) metrics.by_status[status] += counterValue(slot, statusCounter(status));
    for (const stage of STAGES) metrics.by_stage[stage] += counterValue(slot, stageCounter(stage));
    for (const type of MESSAGE_TYPES) metrics.by_type[type] += counterValue(slot, typeCounter(type));
  }
  return metrics;
}

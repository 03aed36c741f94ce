import type { Message, MessageStatus } from '../../message/message';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES } from '../../message/message';
import type { Metrics } from '../../ports/message-repository';

/*
 * Exact metrics without a Scan: every save and transition adds to one of N counter shards in
 * the same transaction as the message write, and metrics() sums the N shards. Picking a shard
 * at random spreads the writes so no single counter item becomes a hot key.
 *
 * Retention: when DynamoDB's TTL deletes an expired message nothing here sees it, so the
 * stream function (`packages/stream`, fed the table's stream filtered to TTL
 * removals: userIdentity dynamodb.amazonaws.com) calls `forgetExpired` with the deleted item's
 * old image, which subtracts `expiryDeltas` exactly once per message (an EXPIRED#<id> marker in
 * the same transaction turns a redelivered stream record into a no-op). The counters therefore
 * count what is stored, up to the stream's lag (usually seconds; TTL itself may take days).
 */

export interface CounterShardKey {
  pk: string;
  sk: 'METRICS';
}

export const counterShardKey = (shard: number): CounterShardKey => ({ pk: `METRICS#${shard}`, sk: 'METRICS' });

export const TOTAL_COUNTER = 'total';
export const statusCounter = (status: MessageStatus): string => `status_${status}`;
export const stageCounter = (stage: string): string => `stage_${stage}`;
export const typeCounter = (type: string): string => `type_${type}`;

/** Counter name → amount to ADD. */
export type CounterDeltas = Record<string, number>;

export function saveDeltas(message: Pick<Message, 'status' | 'stage' | 'message_type'>): CounterDeltas {
  return {
    [TOTAL_COUNTER]: 1,
    [statusCounter(message.status)]: 1,
    [stageCounter(message.stage)]: 1,
    [typeCounter(message.message_type)]: 1,
  };
}

/** The inverse of `saveDeltas`: what a message that TTL deleted no longer counts for. */
export function expiryDeltas(message: Pick<Message, 'status' | 'stage' | 'message_type'>): CounterDeltas {
  return Object.fromEntries(Object.entries(saveDeltas(message)).map(([counter, delta]) => [counter, -delta]));
}

export function transitionDeltas(from: MessageStatus, to: MessageStatus): CounterDeltas {
  return { [statusCounter(from)]: -1, [statusCounter(to)]: 1 };
}

/** An `ADD` update of one shard by the given deltas, with placeholders for every name. */
export function counterUpdate(deltas: CounterDeltas): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, number>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const clauses = Object.entries(deltas).map(([counter, delta], index) => {
    names[`#c${index}`] = counter;
    values[`:c${index}`] = delta;
    return `#c${index} :c${index}`;
  });
  return { UpdateExpression: `ADD ${clauses.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

const counterValue = (shard: Record<string, unknown>, counter: string): number => {
  const value = shard[counter];
  return typeof value === 'number' ? value : 0;
};

/** Sums the shard items into metrics; every status, stage and type is present, 0 by default. */
export function sumShards(shards: readonly Record<string, unknown>[]): Metrics {
  const metrics: Metrics = {
    total: 0,
    by_status: zeros(MESSAGE_STATUSES),
    by_stage: zeros(STAGES),
    by_type: zeros(MESSAGE_TYPES),
  };
  for (const shard of shards) {
    metrics.total += counterValue(shard, TOTAL_COUNTER);
    for (const status of MESSAGE_STATUSES) metrics.by_status[status] += counterValue(shard, statusCounter(status));
    for (const stage of STAGES) metrics.by_stage[stage] += counterValue(shard, stageCounter(stage));
    for (const type of MESSAGE_TYPES) metrics.by_type[type] += counterValue(shard, typeCounter(type));
  }
  return metrics;
}

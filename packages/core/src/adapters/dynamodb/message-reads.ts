import { MESSAGE_TYPES, type Message, type MessageStatus } from '../../message/message';
import type { DueQuery, ListQuery, MessagePage, StaleQuery } from '../../ports/message-repository';
import { STATUS_INDEX, statusPartitions } from '../../table';
import { batchGet } from './batch-get';
import { DISPATCHED_AT, fromMessageItem } from './item';
import { assertPageSize } from './limits';
import { nextCursor, planList } from './list-query';
import { runShardedQuery, type ShardedQuery } from './sharded-query';
import type { TableClient } from './table-client';

/*
 * The repository's index reads: each is one Query per write shard of an index, merged, then the
 * page read back from the table by key. No Scan, and a cost set by the page size, not the table.
 */

export async function listMessages(table: TableClient, query: ListQuery): Promise<MessagePage> {
  const plan = planList(query);
  const result = await runShardedQuery(table.client, table.tableName, plan.query, table.capacity, 'list');
  const messages = await messagesOf(table, result.items, 'list');
  const cursor = nextCursor(plan, result);
  return cursor === undefined ? { messages } : { messages, next_cursor: cursor };
}

export async function findStaleMessages(table: TableClient, query: StaleQuery): Promise<Message[]> {
  assertPageSize(query.limit);
  // `<iso>#` sorts after every `<earlier>#<id>` and before every `<iso>#<id>`: strictly older.
  return await oldestInStatus(table, query.status, { below: `${query.updatedBefore.toISOString()}#`, limit: query.limit }, 'findStale');
}

/** Scheduled messages due before the horizon, not yet handed over (or handed over and lost). */
export async function findDueMessages(table: TableClient, query: DueQuery): Promise<Message[]> {
  assertPageSize(query.limit);
  const filter = {
    expression: 'attribute_not_exists(#dispatched) OR #deliverAt < :lost',
    names: { '#dispatched': DISPATCHED_AT, '#deliverAt': 'deliver_at' },
    values: { ':lost': query.lostBefore.toISOString() },
  };
  return await oldestInStatus(table, 'scheduled', { below: `${query.dueBefore.toISOString()}#`, limit: query.limit, filter }, 'findDue');
}

/** Messages of a status across every type and shard, oldest (or, scheduled, earliest due) first. */
async function oldestInStatus(
  table: TableClient,
  status: MessageStatus,
  bounds: Pick<ShardedQuery, 'below' | 'limit' | 'filter'>,
  operation: string,
): Promise<Message[]> {
  const partitions = MESSAGE_TYPES.flatMap((type) => statusPartitions(status, type));
  const query: ShardedQuery = { index: STATUS_INDEX, partitions, descending: false, ...bounds };
  const result = await runShardedQuery(table.client, table.tableName, query, table.capacity, operation);
  return messagesOf(table, result.items, operation);
}

/** The messages behind index items, in the items' order; TTL may have removed some meanwhile. */
async function messagesOf(table: TableClient, items: readonly Record<string, unknown>[], operation: string): Promise<Message[]> {
  // Every index projects the table's keys; `id` itself is only in the indexes sorted by it.
  const keys = items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
  return (await batchGet(table.client, table.tableName, keys, table.capacity, operation)).map(fromMessageItem);
}

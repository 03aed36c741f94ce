import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ListIndex } from '../../table';
import type { CapacityReporter } from './capacity';

/** One read across the write shards of an index: the same key condition in every partition. */
export interface ShardedQuery {
  index: ListIndex;
  partitions: readonly string[];
  /** Newest first (descending) or oldest first. */
  descending: boolean;
  /** Only sort values strictly below this one: a cursor (newest first) or a horizon (oldest first). */
  below?: string;
  limit: number;
  /** An extra FilterExpression on projected attributes, with its own names and values. */
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

export interface ShardedResult {
  /** Index items in sort order, every one of them certain to be in order (see below). */
  items: Record<string, unknown>[];
  /** Set when some partition may hold more: the sort value to resume beyond. */
  resumeAfter?: string;
}

/**
 * Runs the query in every partition at once and merges the answers. A partition that stopped
 * early (its Limit, or 1 MB) has unseen items beyond its last evaluated key, so only merged items
 * before the nearest such key are certain to be in order; the rest waits for the next page.
 */
export async function runShardedQuery(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: ShardedQuery,
  capacity: CapacityReporter | undefined,
  operation: string,
): Promise<ShardedResult> {
  const { index, descending } = query;
  const sortOf = (item: Record<string, unknown>) => String(item[index.sortKey]);
  const answers = await Promise.all(query.partitions.map((partition) => queryPartition(client, tableName, query, partition, capacity, operation)));
  let boundary: string | undefined;
  for (const answer of answers) {
    if (answer.lastEvaluated === undefined) continue;
    const nearer = boundary === undefined || (descending ? answer.lastEvaluated > boundary : answer.lastEvaluated < boundary);
    if (nearer) boundary = answer.lastEvaluated;
  }
  const merged = answers
    .flatMap((answer) => answer.items)
    .sort((a, b) => (descending ? sortOf(b).localeCompare(sortOf(a)) : sortOf(a).localeCompare(sortOf(b))));
  // The item at the boundary was itself returned; everything unseen lies beyond it.
  const certain = merged.filter((item) => boundary === undefined || (descending ? sortOf(item) >= boundary : sortOf(item) <= boundary));
  if (certain.length > query.limit) {
    const items = certain.slice(0, query.limit);
    return { items, resumeAfter: sortOf(items[items.length - 1] ?? {}) };
  }
  if (boundary === undefined) return { items: certain };
  const last = certain.at(-1);
  return { items: certain, resumeAfter: last === undefined ? boundary : sortOf(last) };
}

async function queryPartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: ShardedQuery,
  partition: string,
  capacity: CapacityReporter | undefined,
  operation: string,
): Promise<{ items: Record<string, unknown>[]; lastEvaluated?: string }> {
  const { index, descending } = query;
  const names: Record<string, string> = { '#partition': index.partitionKey, ...query.filter?.names };
  const values: Record<string, unknown> = { ':partition': partition, ...query.filter?.values };
  let condition = '#partition = :partition';
  if (query.below !== undefined) {
    condition += ' AND #sort < :below';
    names['#sort'] = index.sortKey;
    values[':below'] = query.below;
  }
  const output = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: condition,
      ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: !descending,
      // One more than the page, so a full partition is told apart from one that has more.
      Limit: query.limit + 1,
      ...capacity?.request(),
    }),
  );
  capacity?.report(operation, output.ConsumedCapacity, 'read');
  // Every sort key of the indexes is a string attribute.
  const lastEvaluated = output.LastEvaluatedKey?.[index.sortKey] as string | undefined;
  return { items: output.Items ?? [], ...(lastEvaluated === undefined ? {} : { lastEvaluated }) };
}

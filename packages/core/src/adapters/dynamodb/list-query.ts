import type { QueryCommandInput, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Message } from '../../message/message';
import type { ListQuery, MessagePage } from '../../ports/message-repository';
import { LIST_FILTERS, listIndexFor, listPartitionValue, type ListIndex } from '../../table';
import { decodeCursor, encodeCursor } from './cursor';
import { fromMessageItem } from './item';
import { assertPageSize } from './limits';

/** One list request resolved to its index, partition and DynamoDB Query. */
export interface ListPlan {
  index: ListIndex;
  partition: string;
  limit: number;
  input: Omit<QueryCommandInput, 'TableName'>;
}

/**
 * The single Query that answers a list request: the GSI for exactly the filters given,
 * newest first on the ULID sort key. It asks for one item more than the page so that
 * `next_cursor` appears only when another page really exists.
 */
export function planList(query: ListQuery): ListPlan {
  assertPageSize(query.limit);
  const filters = LIST_FILTERS.filter((filter) => query[filter] !== undefined);
  const index = listIndexFor(filters);
  const partition = listPartitionValue(index, query);
  const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, index, partition);
  return {
    index,
    partition,
    limit: query.limit,
    input: {
      IndexName: index.name,
      KeyConditionExpression: '#partition = :partition',
      ExpressionAttributeNames: { '#partition': index.partitionKey },
      ExpressionAttributeValues: { ':partition': partition },
      ScanIndexForward: false,
      Limit: query.limit + 1,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    },
  };
}

/** The page a Query answer makes: at most `limit` messages and a cursor after the last one. */
export function toPage(plan: ListPlan, output: Pick<QueryCommandOutput, 'Items' | 'LastEvaluatedKey'>): MessagePage {
  const items = output.Items ?? [];
  const messages: Message[] = items.slice(0, plan.limit).map(fromMessageItem);
  const last = messages.at(-1);
  // More items than the page, or DynamoDB stopped early at its 1 MB limit: there may be more.
  const more = items.length > plan.limit || output.LastEvaluatedKey !== undefined;
  if (!more || !last) return { messages };
  return { messages, next_cursor: encodeCursor(plan.index, plan.partition, last.id) };
}

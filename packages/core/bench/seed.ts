import { BatchWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import { counterShardKey, counterUpdate, saveDeltas, type CounterDeltas } from '../src/adapters/dynamodb/counters';
import { toMessageItem } from '../src/adapters/dynamodb/item';
import type { Message } from '../src/message/message';
import { TABLE } from '../src/table';

const BATCH = 25;

async function writeBatch(client: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  await pRetry(
    async () => {
      const output = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (output.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      if (pending.length) throw new Error(`${pending.length} items unprocessed`);
    },
    { retries: 8, minTimeout: 20, randomize: true },
  );
}

/**
 * Loads messages much faster than one transaction each, yet exactly as the repository would
 * store them: the adapter's own item mapper for the messages, and the adapter's counter deltas
 * summed per counter shard (spread over all of them, as random picks would), so metrics() is exact.
 */
export async function seedMessages(
  client: DynamoDBDocumentClient,
  tableName: string,
  messages: readonly Message[],
  concurrency = 4,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < messages.length; start += BATCH) {
    batches.push(messages.slice(start, start + BATCH).map(toMessageItem));
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await writeBatch(client, tableName, batch);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const shards: CounterDeltas[] = Array.from({ length: TABLE.metricsShards }, () => ({}));
  messages.forEach((message, index) => {
    const totals = shards[index % shards.length] ?? {};
    for (const [counter, delta] of Object.entries(saveDeltas(message))) totals[counter] = (totals[counter] ?? 0) + delta;
  });
  for (const [shard, totals] of shards.entries()) {
    if (Object.keys(totals).length === 0) continue;
    await client.send(new UpdateCommand({ TableName: tableName, Key: counterShardKey(shard), ...counterUpdate(totals) }));
  }
}

import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import { DynamoDbMetricsLedger } from '../src/adapters/dynamodb/metrics-ledger';
import { toMessageItem } from '../src/adapters/dynamodb/item';
import { changeDeltas } from '../src/message/metric-deltas';
import type { Message } from '../src/message/message';
import type { MetricDeltas } from '../src/ports/metrics-ledger';

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
 * Loads messages much faster than one save each, yet exactly as the repository would store
 * them (the adapter's own item mapper), and counts them into the metrics the way the stream
 * consumer would (the same deltas, applied through the ledger), so metrics() is exact.
 */
export async function seedMessages(
  client: DynamoDBDocumentClient,
  tableName: string,
  messages: readonly Message[],
  concurrency = 4,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < messages.length; start += BATCH) {
    batches.push(messages.slice(start, start + BATCH).map((message) => toMessageItem(message)));
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await writeBatch(client, tableName, batch);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const deltas: MetricDeltas = {};
  for (const message of messages) changeDeltas(undefined, message, deltas);
  const ledger = new DynamoDbMetricsLedger({ client, tableName });
  const shard = 'bench-seed';
  const applied = await ledger.apply({ expected: await ledger.checkpoint(shard), next: { shard, sequence: '1' }, deltas, at: new Date() });
  if (!applied) throw new Error('the seed counts were not applied');
}

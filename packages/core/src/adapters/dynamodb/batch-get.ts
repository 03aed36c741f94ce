import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import type { CapacityReporter } from './capacity';
import type { MessageKey } from './item';

/** BatchGetItem's limit on keys per request. */
const KEYS_PER_REQUEST = 100;

/**
 * The items with these keys, in the order of the keys; a key with no item (deleted meanwhile by
 * TTL) is left out. Keys BatchGetItem leaves unprocessed under throttling are fetched again with
 * backoff. Eventually consistent: pages are read from an index, which is eventually consistent too.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly MessageKey[],
  capacity: CapacityReporter | undefined,
  operation: string,
): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
    let pending: MessageKey[] = keys.slice(start, start + KEYS_PER_REQUEST);
    await pRetry(
      async () => {
        const output = await client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } }, ...capacity?.request() }),
        );
        capacity?.report(operation, output.ConsumedCapacity, 'read');
        for (const item of output.Responses?.[tableName] ?? []) found.set(String(item.pk), item);
        pending = (output.UnprocessedKeys?.[tableName]?.Keys ?? []) as MessageKey[];
        if (pending.length) throw new Error(`${pending.length} keys were left unprocessed`);
      },
      { retries: 5, minTimeout: 20, maxTimeout: 500, randomize: true },
    );
  }
  return keys.flatMap((key) => {
    const item = found.get(key.pk);
    return item ? [item] : [];
  });
}

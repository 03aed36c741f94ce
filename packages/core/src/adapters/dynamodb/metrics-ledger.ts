import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sumCounters } from '../../message/metric-deltas';
import type { Metrics } from '../../ports/message-repository';
import type { MetricsApplication, MetricsLedger } from '../../ports/metrics-ledger';
import { METRICS_SLOTS, writeShard } from '../../table';
import type { CapacityReporter } from './capacity';
import { isConditionalCheckFailed } from './transaction';

const METRICS_PK = 'METRICS';
const slotKey = (slot: number) => ({ pk: METRICS_PK, sk: `SLOT#${slot}` });
/** The map of stream shard → { seq, at } inside a slot item. */
const CHECKPOINTS = 'cp';
/**
 * A shard silent this long is closed (a stream keeps records 24 hours and shards roll over every
 * few hours): its checkpoint is dropped so a slot item does not grow forever.
 */
const CLOSED_SHARD_SECONDS = 2 * 86_400;

interface Checkpoint {
  seq: string;
  at: number;
}

export interface DynamoDbMetricsLedgerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  capacity?: CapacityReporter;
}

/**
 * The metric counters in METRICS_SLOTS items of one partition. A stream shard always writes the
 * slot its id hashes to, and each write adds a batch's deltas and moves the shard's checkpoint
 * under the condition that the checkpoint is still the one read: a retried or replayed batch
 * finds it moved and adds nothing. Writes come per stream batch, not per message.
 */
export class DynamoDbMetricsLedger implements MetricsLedger {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #capacity: CapacityReporter | undefined;
  /** Closed shards seen in each slot on the last read; the next write of the slot removes them. */
  readonly #closed = new Map<number, string[]>();

  constructor(options: DynamoDbMetricsLedgerOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#capacity = options.capacity;
  }

  async checkpoint(shard: string): Promise<string | undefined> {
    const slot = writeShard(shard, METRICS_SLOTS);
    const output = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: slotKey(slot),
        ConsistentRead: true,
        ProjectionExpression: CHECKPOINTS,
        ...this.#capacity?.request(),
      }),
    );
    this.#capacity?.report('metrics', output.ConsumedCapacity, 'read');
    const checkpoints = (output.Item?.[CHECKPOINTS] ?? {}) as Record<string, Checkpoint>;
    const cutoff = Date.now() / 1000 - CLOSED_SHARD_SECONDS;
    this.#closed.set(
      slot,
      Object.entries(checkpoints)
        .filter(([name, checkpoint]) => name !== shard && checkpoint.at < cutoff)
        .map(([name]) => name),
    );
    return checkpoints[shard]?.seq;
  }

  async apply(application: MetricsApplication): Promise<boolean> {
    const slot = writeShard(application.next.shard, METRICS_SLOTS);
    try {
      await this.#update(slot, application);
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      if (!isMissingCheckpointMap(error)) throw error;
    }
    // First write to this slot: make the empty checkpoint map, then write as usual.
    await this.#client
      .send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...slotKey(slot), [CHECKPOINTS]: {} },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
    try {
      await this.#update(slot, application);
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async read(): Promise<Metrics> {
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': METRICS_PK },
        ConsistentRead: true,
        ...this.#capacity?.request(),
      }),
    );
    this.#capacity?.report('metrics', output.ConsumedCapacity, 'read');
    return sumCounters(output.Items ?? []);
  }

  async #update(slot: number, { expected, next, deltas, at }: MetricsApplication): Promise<void> {
    const names: Record<string, string> = { '#cp': CHECKPOINTS, '#shard': next.shard };
    const values: Record<string, unknown> = { ':next': { seq: next.sequence, at: Math.floor(at.getTime() / 1000) } };
    const adds = Object.entries(deltas).map(([counter, delta], index) => {
      names[`#c${index}`] = counter;
      values[`:c${index}`] = delta;
      return `#c${index} :c${index}`;
    });
    const removes = (this.#closed.get(slot) ?? []).map((closed, index) => {
      names[`#closed${index}`] = closed;
      return `#cp.#closed${index}`;
    });
    let condition = 'attribute_not_exists(#cp.#shard)';
    if (expected !== undefined) {
      condition = '#cp.#shard.seq = :expected';
      values[':expected'] = expected;
    }
    const clauses = ['SET #cp.#shard = :next'];
    if (adds.length) clauses.push(`ADD ${adds.join(', ')}`);
    if (removes.length) clauses.push(`REMOVE ${removes.join(', ')}`);
    const output = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: slotKey(slot),
        UpdateExpression: clauses.join(' '),
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...this.#capacity?.request(),
      }),
    );
    this.#capacity?.report('metrics', output.ConsumedCapacity, 'write');
    this.#closed.delete(slot);
  }
}

/** DynamoDB refuses `SET cp.<shard>` while the item (or its map) does not exist yet. */
const isMissingCheckpointMap = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ValidationException' && /document path/i.test(error.message);

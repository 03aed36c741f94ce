import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { EmulatorError } from './errors';

/** One batch of one shard, as Lambda's event source mapping hands it over. */
export interface StreamBatch {
  shardId: string;
  records: _Record[];
}

export interface TableStreamReaderOptions {
  /** The DynamoDB endpoint; DynamoDB Local serves the Streams API on the same port. */
  endpoint: string;
  tableName: string;
  /** Handles a batch; a rejection leaves the batch to be handed over again, as Lambda retries. */
  onBatch: (batch: StreamBatch) => Promise<void>;
  /** Records per batch (GetRecords Limit, at most 1000). */
  batchSize?: number;
  /** The wait between polls when the stream is idle. */
  idleMs?: number;
}

interface ShardCursor {
  iterator: string | undefined;
  /** A batch the handler refused, handed over again before anything newer. */
  pending?: _Record[];
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Reads a table's stream the way Lambda's event source mapping does, for the sandbox and the
 * tests: every shard from its oldest record, in order, one batch at a time per shard, a refused
 * batch retried before anything newer. `drain()` hands over everything written so far.
 */
export class TableStreamReader {
  readonly #dynamodb: DynamoDBClient;
  readonly #streams: DynamoDBStreamsClient;
  readonly #options: Required<Omit<TableStreamReaderOptions, 'endpoint'>>;
  readonly #shards = new Map<string, ShardCursor>();
  readonly #finished = new Set<string>();
  #streamArn: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(options: TableStreamReaderOptions) {
    const client = { endpoint: options.endpoint, region: 'us-east-1', credentials, maxAttempts: 3 };
    this.#dynamodb = new DynamoDBClient(client);
    this.#streams = new DynamoDBStreamsClient(client);
    this.#options = { tableName: options.tableName, onBatch: options.onBatch, batchSize: options.batchSize ?? 100, idleMs: options.idleMs ?? 200 };
  }

  /** Polls in the background until stop(). */
  start(): void {
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.poll()
        .catch(() => 0)
        .then((handed) => {
          if (!this.#stopped) this.#timer = setTimeout(tick, handed > 0 ? 0 : this.#options.idleMs);
        });
    };
    tick();
  }

  /** Hands over every record written so far; rejects if a batch is refused. */
  async drain(): Promise<void> {
    await this.#running;
    for (let round = 0; round < 1000; round += 1) {
      if ((await this.poll(true)) === 0) return;
    }
    throw new EmulatorError('the table stream kept growing while being drained');
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running.catch(() => undefined);
    this.#dynamodb.destroy();
    this.#streams.destroy();
  }

  /** One GetRecords per shard; the number of records handed over. */
  async poll(strict = false): Promise<number> {
    await this.#refreshShards();
    let handed = 0;
    for (const [shardId, cursor] of this.#shards) {
      const records = cursor.pending ?? (await this.#read(shardId, cursor));
      if (records.length === 0) continue;
      try {
        await this.#options.onBatch({ shardId, records });
        delete cursor.pending;
        handed += records.length;
      } catch (error) {
        cursor.pending = records;
        if (strict) throw error;
      }
    }
    return handed;
  }

  async #read(shardId: string, cursor: ShardCursor): Promise<_Record[]> {
    if (cursor.iterator === undefined) {
      // A closed shard read to its end (and its last batch handed over) is never read again.
      this.#shards.delete(shardId);
      this.#finished.add(shardId);
      return [];
    }
    let output;
    try {
      output = await this.#streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: this.#options.batchSize }));
    } catch (error) {
      if (!isLostIterator(error)) throw error;
      // DynamoDB Local trims or expires an iterator under load; start the shard again from its
      // oldest record. What is handed over twice is counted once: the consumer keeps a
      // per-shard checkpoint, as Lambda's own retries require.
      cursor.iterator = await this.#trimHorizon(shardId);
      if (cursor.iterator === undefined) return [];
      output = await this.#streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: this.#options.batchSize }));
    }
    cursor.iterator = output.NextShardIterator;
    return output.Records ?? [];
  }

  async #trimHorizon(shardId: string): Promise<string | undefined> {
    const iterator = await this.#streams.send(
      new GetShardIteratorCommand({ StreamArn: this.#streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    return iterator.ShardIterator;
  }

  async #refreshShards(): Promise<void> {
    if (this.#streamArn === undefined) {
      const table = await this.#dynamodb.send(new DescribeTableCommand({ TableName: this.#options.tableName }));
      this.#streamArn = table.Table?.LatestStreamArn;
      if (this.#streamArn === undefined) throw new EmulatorError(`table ${this.#options.tableName} has no stream`);
    }
    const stream = await this.#streams.send(new DescribeStreamCommand({ StreamArn: this.#streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (shardId === undefined || this.#shards.has(shardId) || this.#finished.has(shardId)) continue;
      this.#shards.set(shardId, { iterator: await this.#trimHorizon(shardId) });
    }
  }
}

/** The errors that say an iterator can no longer be read from, though its shard still can. */
function isLostIterator(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TrimmedDataAccessException' || name === 'ExpiredIteratorException';
}

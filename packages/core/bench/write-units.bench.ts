// `pnpm bench`: what one delivered message costs the table, as DynamoDB Local reports it
// (ReturnConsumedCapacity TOTAL: the table and every index), beside the 4-unit floor (one put
// and three single-item updates, no index), for a short and for a 4 KB payload; the stored bytes
// per message; and the metrics writes of the stream consumer. Printed, never asserted.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, TableStreamReader } from '@rez-agent/emulators';
import { CapacityReporter, DynamoDbMessageRepository, DynamoDbMetricsLedger, messageChangesOf } from '../src/adapters/dynamodb/index';
import { toMessageItem } from '../src/adapters/dynamodb/item';
import { ulidGenerator } from '../src/message/clock';
import { buildMessage } from '../src/message/factory';
import { MAX_PAYLOAD_BYTES } from '../src/message/message';
import { LIST_INDEXES, createTableInput } from '../src/table';
import { countStreamChanges } from '../src/usecases/count-stream-changes';
import { printCost } from './cost';
import { itemBytes } from './item-size';

const FLOOR = 4;
const RUNS = 20;
const PAYLOADS = { short: 'Backup finished: 42 files, 1.2 GB, no errors.', '4 KB': 'x'.repeat(MAX_PAYLOAD_BYTES) } as const;

export interface WriteUnits {
  perOperation: Record<string, number>;
  total: number;
  /** Read units of the same walk (the claim's get, each transition's read). */
  readUnits: number;
  storedBytes: number;
  metricsUnitsPerMessage: number;
  metricsReadUnitsPerMessage: number;
}

/** Walks RUNS messages from create to completed with one attempt; the mean units per operation. */
export async function measureWriteUnits(client: DynamoDBDocumentClient, endpoint: string, payload: string): Promise<WriteUnits> {
  const tableName = `rez-agent-bench-wcu-${payload.length}-${Date.now()}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const units: Record<string, number> = {};
  let pending = 0;
  let reads = 0;
  const repository = new DynamoDbMessageRepository({
    client,
    tableName,
    // Reads report CapacityUnits too: counted apart.
    onConsumedCapacity: (_operation, capacity, access) => {
      const units = capacity.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      if (access === 'write') pending += units;
      else reads += units;
    },
  });
  const step = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    pending = 0;
    const result = await call();
    units[name] = (units[name] ?? 0) + pending;
    return result;
  };
  const ids = ulidGenerator();
  let storedBytes = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const now = new Date();
    const message = buildMessage({ message_type: 'manual', payload, title: 'Backups', created_by: 'bench' }, { stage: 'dev', clock: { now: () => now }, ids });
    await step('save (created)', () => repository.save(message));
    await step('created → queued', () => repository.transition({ id: message.id, from: 'created', to: 'queued', at: new Date() }));
    // The processor's claim reads the message first.
    await repository.get(message.id);
    const claimed = await step('queued → processing', () => repository.transition({ id: message.id, from: 'queued', to: 'processing', at: new Date() }));
    const attempt = { attempt: 1, started_at: new Date().toISOString(), duration_ms: 120, receive_count: 1, outcome: 'delivered', http_status: 200, notification_id: 'AbCdEf123456' } as const;
    await step('attempt record', () => repository.recordAttempt(message, attempt));
    const lease = claimed.processing_started_at ? { expectedProcessingStartedAt: claimed.processing_started_at } : {};
    const changes = { attempts: 1, notification_id: attempt.notification_id };
    const completed = await step('processing → completed', () =>
      repository.transition({ id: message.id, from: 'processing', to: 'completed', at: new Date(), changes, ...lease }),
    );
    const item = toMessageItem(completed);
    // Each index entry: its keys, the table's keys and the projected attributes, plus 100 bytes of overhead.
    const indexBytes = LIST_INDEXES.reduce((sum, index) => {
      const names = ['pk', 'sk', index.partitionKey, index.sortKey, ...index.projected];
      return sum + itemBytes(Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]))) + 100;
    }, 0);
    storedBytes += itemBytes(item) + 100 + indexBytes + itemBytes({ pk: `MSG#${message.id}`, sk: 'ATT#000001', ...attempt, ttl: message.ttl }) + 100;
  }
  const perOperation = Object.fromEntries(Object.entries(units).map(([name, total]) => [name, total / RUNS]));
  const metrics = await metricsUnits(client, endpoint, tableName);
  return {
    perOperation,
    total: Object.values(perOperation).reduce((a, b) => a + b, 0),
    readUnits: reads / RUNS,
    storedBytes: storedBytes / RUNS,
    metricsUnitsPerMessage: metrics.writes,
    metricsReadUnitsPerMessage: metrics.reads,
  };
}

/** What counting the run's stream costs, per message, when the consumer gets one batch per change (low traffic). */
async function metricsUnits(client: DynamoDBDocumentClient, endpoint: string, tableName: string): Promise<{ writes: number; reads: number }> {
  let writes = 0;
  let reads = 0;
  const capacity = new CapacityReporter((_operation, reports, access) => {
    for (const report of reports) {
      if (access === 'write') writes += report.CapacityUnits ?? 0;
      else reads += report.CapacityUnits ?? 0;
    }
  });
  const ledger = new DynamoDbMetricsLedger({ client, tableName, capacity });
  const reader = new TableStreamReader({
    endpoint,
    tableName,
    batchSize: 1,
    onBatch: async ({ shardId, records }) => {
      await countStreamChanges({ ledger, clock: { now: () => new Date() } }, shardId, messageChangesOf(records).changes);
    },
  });
  await reader.drain();
  await reader.stop();
  return { writes: writes / RUNS, reads: reads / RUNS };
}

/**
 * The requests of one notification created by POST /api/messages and delivered, at low traffic
 * (every batch holds one record: the dearest case). DynamoDB units are the measured ones; the
 * rest follow from the path (one API request, one SNS publish, SQS send + receive + delete,
 * webapi + processor + one stream invocation thanks to its 5 s batching window). Lambda time is
 * an estimate: 256 MB for 50 ms (webapi), 300 ms (processor, ntfy's answer included), 50 ms (stream).
 */
function requestCounts(result: WriteUnits) {
  return {
    apiRequests: 1,
    lambdaInvocations: 3,
    lambdaGbSeconds: 0.25 * (0.05 + 0.3 + 0.05),
    snsPublishes: 1,
    sqsRequests: 3,
    writeUnits: result.total + result.metricsUnitsPerMessage,
    readUnits: result.readUnits + result.metricsReadUnitsPerMessage,
    storedBytes: result.storedBytes,
    retentionMonths: 3,
  };
}

async function main(): Promise<void> {
  const ddb = await startDynamoDbLocal();
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  try {
    for (const [name, payload] of Object.entries(PAYLOADS)) {
      const result = await measureWriteUnits(client, ddb.endpoint, payload);
      console.log(`\nwrite units per delivered message, ${name} payload (${Buffer.byteLength(payload)} B), create → completed, one attempt, no Idempotency-Key:`);
      for (const [operation, units] of Object.entries(result.perOperation)) console.log(`  ${operation.padEnd(24)} ${units.toFixed(1)} WCU`);
      console.log(`  ${'total'.padEnd(24)} ${result.total.toFixed(1)} WCU  (floor ${FLOOR}; ${(result.total / FLOOR).toFixed(1)}× the floor)`);
      console.log(`  ${'stream → metrics'.padEnd(24)} ${result.metricsUnitsPerMessage.toFixed(1)} WCU at one change per batch (a full batch of 100 costs ~1)`);
      console.log(`  stored bytes per message (table + indexes + attempt): ${result.storedBytes.toFixed(0)} B; payload copies stored: 1`);
      console.log(`  read units of the walk: ${result.readUnits.toFixed(1)} RCU (+ ${result.metricsReadUnitsPerMessage.toFixed(1)} for the stream's checkpoint reads)`);
      printCost(`${name} payload`, requestCounts(result));
    }
  } finally {
    client.destroy();
    await ddb.stop();
  }
}

if (process.argv[1]?.endsWith('write-units.bench.ts')) await main();

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbEndpoint, startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import {
  DynamoDbMessageRepository,
  DynamoDbScheduleRepository,
  SnsMessagePublisher,
  SqsDeliveryQueue,
  createSchedule,
  fireDueSchedules,
  pauseSchedule,
  resumeSchedule,
  ulidGenerator,
  type FireSchedulesDeps,
} from '../../src/index';
import { useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
let messaging: TestMessaging;
let consumed: ConsumedCapacity[] = [];
let now = new Date('2026-03-01T10:00:00.000Z');

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/** Every request of the client asks DynamoDB Local what it consumed, per table and index. */
function measuring(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const capacity = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      // Reads report CapacityUnits too: only writes count here.
      if (WRITES.has(context.commandName ?? '')) consumed.push(...(Array.isArray(capacity) ? capacity : capacity ? [capacity] : []));
      return result;
    },
    // Before the serializer, after the document client has marshalled its input into a new object.
    { step: 'serialize', priority: 'high', name: 'measureWriteUnits' },
  );
  return client;
}

/** Write units of what `run` did (DynamoDB Local reports a single write's as CapacityUnits, a transaction's as WriteCapacityUnits). */
async function writeUnits(run: () => Promise<unknown>): Promise<{ table: number; byDue: number; total: number }> {
  consumed = [];
  await run();
  const units = (capacity: { WriteCapacityUnits?: number; CapacityUnits?: number } | undefined) => capacity?.WriteCapacityUnits ?? capacity?.CapacityUnits ?? 0;
  const table = consumed.reduce((sum, entry) => sum + units(entry.Table), 0);
  const byDue = consumed.reduce((sum, entry) => sum + units(entry.GlobalSecondaryIndexes?.by_due), 0);
  const total = consumed.reduce((sum, entry) => sum + units(entry), 0);
  return { table, byDue, total };
}

let deps: FireSchedulesDeps;
let base: DynamoDBClient | undefined;
beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'core-schedule-wcu' });
  base = measuring(new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  const client = DynamoDBDocumentClient.from(base);
  deps = {
    schedules: new DynamoDbScheduleRepository({ client, tableName: fixture.table.tableName }),
    repository: new DynamoDbMessageRepository({ client, tableName: fixture.table.tableName }),
    publisher: new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn }),
    queue: new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl }),
    clock: { now: () => now },
    ids: ulidGenerator(),
    stage: 'dev',
    ttlDays: 90,
  };
});
afterAll(async () => {
  base?.destroy();
  await messaging?.stop();
});

describe('write units of schedules (DynamoDB Local, ReturnConsumedCapacity INDEXES)', () => {
  it('costs what docs/data-model.md says: 2 to create, 3 + 7 per occurrence, 2 to pause or resume', async () => {
    const create = await writeUnits(() =>
      createSchedule(deps, { name: 'measured', expression: 'rate(1 minute)', timezone: 'UTC', message: { message_type: 'scheduled', payload: 'hello' }, enabled: true }),
    );
    now = new Date('2026-03-01T10:01:05.000Z');
    const fire = await writeUnits(() => fireDueSchedules(deps, { limit: 10 }));
    const pause = await writeUnits(() => pauseSchedule(deps, 'measured'));
    const resume = await writeUnits(() => resumeSchedule(deps, 'measured'));

    expect(create).toEqual({ table: 1, byDue: 1, total: 2 });
    // The schedule's own writes: its update (1) and the due index's delete + put (2)...
    expect(fire.byDue).toBe(2);
    // ...and the occurrence's message up to queued: one conditional put under its derived id
    // and the move to queued, with their index copies, 7 (it was 24 under an idempotency key).
    expect(fire.total).toBe(3 + 7);
    expect(pause).toEqual({ table: 1, byDue: 1, total: 2 });
    expect(resume).toEqual({ table: 1, byDue: 1, total: 2 });
  });
});

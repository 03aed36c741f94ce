import { afterAll, beforeAll } from '@jest/globals';
import { TableStreamReader } from '@rez-agent/emulators';
import { createTestTable, dynamoDbEndpoint, type TestTable } from '@rez-agent/testing';
import {
  DynamoDbMessageRepository,
  DynamoDbMetricsLedger,
  countStreamChanges,
  messageChangesOf,
  systemClock,
  buildMessage,
  createTableInput,
  ulidGenerator,
  type DynamoDbMessageRepositoryOptions,
  type Message,
  type MessageStatus,
  type MessageType,
  type NewMessage,
  type Stage,
} from '../../src/index';

export interface RepositoryFixture {
  repository: DynamoDbMessageRepository;
  ledger: DynamoDbMetricsLedger;
  table: TestTable;
  /** Counts every change written so far off the table's stream, as the stream function does. */
  settleMetrics(): Promise<void>;
}

/**
 * A repository on a table of its own for the test file: created before the file's tests and
 * dropped after them. Read its fields inside tests (they are filled in by beforeAll).
 */
export function useRepositoryTable(
  options: Omit<DynamoDbMessageRepositoryOptions, 'client' | 'tableName'> = {},
): RepositoryFixture {
  const fixture = {} as RepositoryFixture;
  let reader: TableStreamReader | undefined;
  beforeAll(async () => {
    fixture.table = await createTestTable(createTableInput, 'core-repo');
    const { client, tableName } = fixture.table;
    fixture.repository = new DynamoDbMessageRepository({ client, tableName, ...options });
    fixture.ledger = new DynamoDbMetricsLedger({ client, tableName });
    const stream = new TableStreamReader({
      endpoint: dynamoDbEndpoint(),
      tableName,
      onBatch: async ({ shardId, records }) => {
        await countStreamChanges({ ledger: fixture.ledger, clock: systemClock }, shardId, messageChangesOf(records).changes);
      },
    });
    reader = stream;
    fixture.settleMetrics = () => stream.drain();
  });
  afterAll(async () => {
    await reader?.stop();
    await fixture.table?.drop();
  });
  return fixture;
}

export interface MessageSpec extends Partial<NewMessage> {
  stage?: Stage;
  status?: MessageStatus;
  message_type?: MessageType;
}

/**
 * Makes valid messages whose clock steps one millisecond per message, so ids (ULIDs) and
 * created dates sort in the order the messages were made.
 */
export function messageMaker(start = new Date('2026-03-01T00:00:00.000Z')): (spec?: MessageSpec) => Message {
  const ids = ulidGenerator();
  let tick = 0;
  return (spec = {}) => {
    const now = new Date(start.getTime() + tick++);
    const { stage = 'dev', status = 'created', message_type = 'manual', ...input } = spec;
    const message = buildMessage(
      { message_type, payload: `payload ${tick}`, created_by: 'dynamodb-tests', ...input },
      { stage, clock: { now: () => now }, ids },
    );
    return { ...message, status };
  };
}

/** Runs promise-returning tasks with at most `width` in flight. */
export async function inBatches<T>(tasks: readonly (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < tasks.length; start += width) {
    results.push(...(await Promise.all(tasks.slice(start, start + width).map((task) => task()))));
  }
  return results;
}

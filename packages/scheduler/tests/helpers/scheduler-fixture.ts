import { afterAll, beforeAll } from '@jest/globals';
import {
  DynamoDbMessageRepository,
  SnsMessagePublisher,
  createLogger,
  createTableInput,
  systemClock,
  ulidGenerator,
  type Message,
} from '@rez-agent/core';
import { createTestTable, startTestMessaging, type TestMessaging, type TestTable } from '@rez-agent/testing';
import type { SchedulerDeps } from '../../src/index';

export type LogLine = Record<string, unknown>;

export interface SchedulerFixture {
  table: TestTable;
  messaging: TestMessaging;
  repository: DynamoDbMessageRepository;
  /** Every line the handlers under test logged, parsed. */
  logs: LogLine[];
  /** Real adapters on DynamoDB Local and the SNS/SQS emulator; override any of them. */
  deps(overrides?: Partial<SchedulerDeps>): SchedulerDeps;
  /** Messages published since the last call, read (and deleted) from the subscribed queue. */
  takePublished(): Promise<Message[]>;
  /** Every stored message (the test file's own table, so a short list). */
  storedMessages(): Promise<Message[]>;
}

/** A table and an SNS/SQS emulator of the test file's own, created before its tests. */
export function useSchedulerFixture(name: string): SchedulerFixture {
  const fixture = { logs: [] as LogLine[] } as SchedulerFixture;
  beforeAll(async () => {
    fixture.table = await createTestTable(createTableInput, `scheduler-${name}`);
    fixture.messaging = await startTestMessaging({ namePrefix: `scheduler-${name}` });
    fixture.repository = new DynamoDbMessageRepository({ client: fixture.table.client, tableName: fixture.table.tableName });
    const logger = createLogger({
      functionName: 'scheduler',
      stage: 'dev',
      level: 'debug',
      destination: { write: (line: string) => void fixture.logs.push(JSON.parse(line) as LogLine) },
    });
    fixture.deps = (overrides = {}) => ({
      repository: fixture.repository,
      publisher: new SnsMessagePublisher({ client: fixture.messaging.sns, topicArn: fixture.messaging.topicArn }),
      clock: systemClock,
      ids: ulidGenerator(),
      stage: 'dev',
      ttlDays: 90,
      logger,
      sweep: { staleAfterMinutes: 15, leaseSeconds: 120, limit: 100 },
      ...overrides,
    });
    fixture.takePublished = async () => {
      const records = await fixture.messaging.receiveAll(fixture.messaging.queueUrl, { delete: true });
      return records.map((record) => JSON.parse((JSON.parse(record.Body ?? '{}') as { Message: string }).Message) as Message);
    };
    fixture.storedMessages = async () => (await fixture.repository.list({ limit: 1000 })).messages;
  });
  afterAll(async () => {
    await fixture.messaging?.stop();
    await fixture.table?.drop();
  });
  return fixture;
}

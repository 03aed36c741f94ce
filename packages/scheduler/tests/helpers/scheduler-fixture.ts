import { afterAll, beforeAll } from '@jest/globals';
import { DynamoDbMessageRepository, createTableInput, type Message } from '@rez-agent/core';
import { createTestTable, startTestMessaging, type TestMessaging, type TestTable } from '@rez-agent/testing';
import { buildDependencies } from '../../src/dependencies';
import type { SchedulerDeps } from '../../src/types';

export type LogLine = Record<string, unknown>;

export interface SchedulerFixture {
  table: TestTable;
  messaging: TestMessaging;
  repository: DynamoDbMessageRepository;
  /** Every line the handlers under test logged, parsed. */
  logs: LogLine[];
  /** The real wiring (buildDependencies) on DynamoDB Local and the SNS/SQS emulator; override any part. */
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
    const env = {
      STAGE: 'dev',
      LOG_LEVEL: 'debug',
      DYNAMODB_TABLE_NAME: fixture.table.tableName,
      SNS_TOPIC_ARN: fixture.messaging.topicArn,
      SQS_QUEUE_URL: fixture.messaging.queueUrl,
      MESSAGE_TTL_DAYS: '90',
      STALE_AFTER_MINUTES: '15',
      PROCESSING_LEASE_SECONDS: '120',
      SWEEP_LIMIT: '100',
      // Every tick sweeps here; the cadence has its own test.
      SWEEP_EVERY_MINUTES: '1',
    };
    const real = buildDependencies(env, {
      dynamo: fixture.table.client,
      sns: fixture.messaging.sns,
      sqs: fixture.messaging.sqs,
      logDestination: { write: (line: string) => void fixture.logs.push(JSON.parse(line) as LogLine) },
    });
    fixture.deps = (overrides = {}) => ({ ...real, ...overrides });
    fixture.takePublished = async () => {
      const records = await fixture.messaging.receiveAll(fixture.messaging.queueUrl, { delete: true });
      // SNS-wrapped (published) or raw (a scheduled message's delayed record).
      return records.map((record) => {
        const body = JSON.parse(record.Body ?? '{}') as { Type?: string; Message?: string };
        return (body.Type === 'Notification' ? JSON.parse(body.Message ?? '{}') : body) as Message;
      });
    };
    fixture.storedMessages = async () => (await fixture.repository.list({ limit: 1000 })).messages;
  });
  afterAll(async () => {
    await fixture.messaging?.stop();
    await fixture.table?.drop();
  });
  return fixture;
}

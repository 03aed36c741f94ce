import { afterAll, beforeAll } from '@jest/globals';
import { GetCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMessageRepository, TRANSITIONS, buildMessage, createTableInput, ulidGenerator, type Message, type MessageStatus } from '@rez-agent/core';
import { createTestTable, storeInStatus, type TestTable } from '@rez-agent/testing';
import { buildDependencies } from '../../src/dependencies';
import type { StreamDeps } from '../../src/types';

export type LogLine = Record<string, unknown>;
type ItemKey = { pk: string; sk: string };

export interface StreamFixture {
  table: TestTable;
  /** The whole repository on the same table, to arrange and inspect what the function changes. */
  repository: DynamoDbMessageRepository;
  /** The function's real dependencies (buildDependencies) on DynamoDB Local. */
  deps: StreamDeps;
  logs: LogLine[];
  /** A stored message that has reached `status`. */
  store(status: MessageStatus, payload: string): Promise<Message>;
  /** The item as stored, internal attributes and all: what a stream image holds. */
  rawItem(key: ItemKey): Promise<Record<string, unknown>>;
  /** What TTL does to the table: the item goes (the stream would see a REMOVE by dynamodb.amazonaws.com). */
  expire(key: ItemKey): Promise<Record<string, unknown>>;
  storedMessages(): Promise<Message[]>;
}

export const messageKey = (message: Message): ItemKey => ({ pk: `MSG#${message.id}`, sk: 'MSG' });

/** A DynamoDB Local table of the test file's own, and the stream function's dependencies on it. */
export function useStreamFixture(name: string): StreamFixture {
  const fixture = { logs: [] as LogLine[] } as StreamFixture;
  const ids = ulidGenerator();
  beforeAll(async () => {
    fixture.table = await createTestTable(createTableInput, `stream-${name}`);
    fixture.repository = new DynamoDbMessageRepository({ client: fixture.table.client, tableName: fixture.table.tableName });
    fixture.deps = buildDependencies(
      { STAGE: 'dev', DYNAMODB_TABLE_NAME: fixture.table.tableName, LOG_LEVEL: 'debug' },
      { dynamo: fixture.table.client, logDestination: { write: (line: string) => void fixture.logs.push(JSON.parse(line) as LogLine) } },
    );
  });
  afterAll(async () => {
    await fixture.table?.drop();
  });
  fixture.store = (status, payload) => {
    const draft = buildMessage({ message_type: 'manual', payload, created_by: 'stream-tests' }, { stage: 'dev', clock: { now: () => new Date() }, ids });
    return storeInStatus(fixture.repository, draft, status, { transitions: TRANSITIONS });
  };
  fixture.rawItem = async (key) => {
    const { Item } = await fixture.table.client.send(new GetCommand({ TableName: fixture.table.tableName, Key: key, ConsistentRead: true }));
    if (!Item) throw new Error(`no item ${key.pk}`);
    return Item;
  };
  fixture.expire = async (key) => {
    const item = await fixture.rawItem(key);
    await fixture.table.client.send(new DeleteCommand({ TableName: fixture.table.tableName, Key: key }));
    return item;
  };
  fixture.storedMessages = async () => (await fixture.repository.list({ limit: 1000 })).messages;
  return fixture;
}

import { describe, expect, it } from '@jest/globals';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  MESSAGE_STATUSES,
  buildMessage,
  tallyMessages,
  systemClock,
  ulidGenerator,
  type Message,
  type MessageStatus,
  type Metrics,
} from '@rez-agent/core';
import {
  dynamoDbStreamEvent,
  insertRecord,
  schedulerLambdaContext,
  ttlRemoveRecord,
  userRemoveRecord,
} from '@rez-agent/testing';
import { makeStreamHandler } from '../../src/index';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';
import { storedAt } from '../helpers/stored-at';

const fixture = useSchedulerFixture('expiry');
const IDEMPOTENCY_KEY = 'schedule:daily:2026-03-01T09:00:00.000Z';

/** Counts the stored messages the slow way. */
async function bruteForceCount(): Promise<Metrics> {
  return tallyMessages(await fixture.storedMessages());
}

/** The item as stored, internal attributes and all: what a stream image holds. */
async function rawItem(key: { pk: string; sk: string }): Promise<Record<string, unknown>> {
  const { Item } = await fixture.table.client.send(new GetCommand({ TableName: fixture.table.tableName, Key: key, ConsistentRead: true }));
  if (!Item) throw new Error(`no item ${key.pk}`);
  return Item;
}

const messageKey = (message: Message) => ({ pk: `MSG#${message.id}`, sk: 'MSG' });

/** What TTL does to the table: the item goes; the stream sees a REMOVE by dynamodb.amazonaws.com. */
async function expire(key: { pk: string; sk: string }): Promise<Record<string, unknown>> {
  const item = await rawItem(key);
  await fixture.table.client.send(new DeleteCommand({ TableName: fixture.table.tableName, Key: key }));
  return item;
}

const store = (status: MessageStatus, payload: string) => storedAt(fixture.repository, new Date(), status, payload);

describe('expiry function: DynamoDB stream of TTL deletions', () => {
  it('subtracts exactly the messages TTL removed, once each, and ignores user deletes, inserts and other items', async () => {
    const statuses: MessageStatus[] = ['created', 'queued', 'processing', 'completed', 'failed', 'completed', 'failed'];
    const messages = await Promise.all(statuses.map((status, index) => store(status, `message ${index}`)));
    const [kept, insertedMessage, ...expiring] = messages as [Message, Message, ...Message[]];
    // A scheduled run's idempotency key expires with its message: not a message, never counted.
    const keyed = buildMessage(
      { message_type: 'scheduled', payload: 'daily', created_by: 'schedule:daily', idempotency_key: IDEMPOTENCY_KEY },
      { stage: 'dev', clock: systemClock, ids: ulidGenerator() },
    );
    expect((await fixture.repository.save(keyed)).created).toBe(true);
    const before = await fixture.repository.metrics();
    expect(before).toEqual(await bruteForceCount());

    const expiredImages = await Promise.all(expiring.map((message) => expire(messageKey(message))));
    const idempotencyImage = await expire({ pk: `IDEM#${IDEMPOTENCY_KEY}`, sk: 'IDEM' });
    const keptImage = await rawItem(messageKey(kept));
    const insertedImage = await rawItem(messageKey(insertedMessage));
    const [firstExpired] = expiredImages as [Record<string, unknown>];
    const event = dynamoDbStreamEvent(
      insertRecord(insertedImage),
      ...expiredImages.map((image) => ttlRemoveRecord(image)),
      // A caller's DeleteItem, not TTL: must not be subtracted (the message is still stored here).
      userRemoveRecord(keptImage),
      ttlRemoveRecord(idempotencyImage),
      // At-least-once: the same deletion delivered twice in one batch.
      ttlRemoveRecord(firstExpired),
    );
    const handler = makeStreamHandler({ repository: fixture.repository, logger: fixture.deps().logger });

    expect(await handler(event, schedulerLambdaContext())).toEqual({ batchItemFailures: [] });

    const after = await fixture.repository.metrics();
    expect(before.total - after.total).toBe(expiring.length);
    for (const status of MESSAGE_STATUSES) {
      expect(before.by_status[status] - after.by_status[status]).toBe(expiring.filter((message) => message.status === status).length);
    }
    expect(after).toEqual(await bruteForceCount());

    // The whole batch delivered again (a retried invocation): nothing changes.
    expect(await handler(event, schedulerLambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await fixture.repository.metrics()).toEqual(after);
    expect(fixture.logs).toContainEqual(expect.objectContaining({ forgotten: 0, repeats: expiring.length + 1, failed: 0 }));
  });

  it('reports only the records it could not subtract, by sequence number, and subtracts the rest', async () => {
    const gone = await store('completed', 'expired');
    const stillStored = await store('queued', 'not really deleted');
    const goneImage = await expire(messageKey(gone));
    const before = await fixture.repository.metrics();
    const good = ttlRemoveRecord(goneImage, { sequenceNumber: '100000000000000000001' });
    // A TTL REMOVE of an item that is still there cannot be subtracted: the repository refuses.
    const refused = ttlRemoveRecord(await rawItem(messageKey(stillStored)), { sequenceNumber: '100000000000000000002' });
    // A stream without old images (KEYS_ONLY) gives nothing to subtract from: a failure, not a silent skip.
    const imageless = ttlRemoveRecord(await rawItem(messageKey(stillStored)), { sequenceNumber: '100000000000000000003', viewType: 'KEYS_ONLY' });
    const handler = makeStreamHandler({ repository: fixture.repository, logger: fixture.deps().logger });

    const response = await handler(dynamoDbStreamEvent(good, refused, imageless), schedulerLambdaContext());

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['100000000000000000002', '100000000000000000003']);
    expect((await fixture.repository.metrics()).total).toBe(before.total - 1);
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });
});

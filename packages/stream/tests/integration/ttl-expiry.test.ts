import { describe, expect, it } from '@jest/globals';
import { MESSAGE_STATUSES, buildMessage, systemClock, ulidGenerator, type Message, type MessageStatus, type Metrics } from '@rez-agent/core';
import { tallyMessages } from '@rez-agent/core/testing';
import { dynamoDbStreamEvent, insertRecord, lambdaContext, ttlRemoveRecord, userRemoveRecord } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { messageKey, useStreamFixture } from '../helpers/stream-fixture';

const fixture = useStreamFixture('expiry');
const IDEMPOTENCY_KEY = 'schedule:daily:2026-03-01T09:00:00.000Z';
const context = () => lambdaContext({ functionName: 'rez-agent-dev-stream' });

/** Counts the stored messages the slow way. */
async function bruteForceCount(): Promise<Metrics> {
  return tallyMessages(await fixture.storedMessages());
}

const store = (status: MessageStatus, payload: string): Promise<Message> => fixture.store(status, payload);

describe('stream function: TTL deletions on the table stream', () => {
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

    const expiredImages = await Promise.all(expiring.map((message) => fixture.expire(messageKey(message))));
    const idempotencyImage = await fixture.expire({ pk: `IDEM#${IDEMPOTENCY_KEY}`, sk: 'IDEM' });
    const keptImage = await fixture.rawItem(messageKey(kept));
    const insertedImage = await fixture.rawItem(messageKey(insertedMessage));
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
    const handler = makeHandler(fixture.deps);

    expect(await handler(event, context())).toEqual({ batchItemFailures: [] });

    const after = await fixture.repository.metrics();
    expect(before.total - after.total).toBe(expiring.length);
    for (const status of MESSAGE_STATUSES) {
      expect(before.by_status[status] - after.by_status[status]).toBe(expiring.filter((message) => message.status === status).length);
    }
    expect(after).toEqual(await bruteForceCount());

    // The whole batch delivered again (a retried invocation): nothing changes.
    expect(await handler(event, context())).toEqual({ batchItemFailures: [] });
    expect(await fixture.repository.metrics()).toEqual(after);
    expect(fixture.logs).toContainEqual(expect.objectContaining({ forgotten: 0, repeats: expiring.length + 1, failed: 0 }));
  });

  it('reports only the records it could not subtract, by sequence number, and subtracts the rest', async () => {
    const gone = await store('completed', 'expired');
    const stillStored = await store('queued', 'not really deleted');
    const goneImage = await fixture.expire(messageKey(gone));
    const before = await fixture.repository.metrics();
    const good = ttlRemoveRecord(goneImage, { sequenceNumber: '100000000000000000001' });
    // A TTL REMOVE of an item that is still there cannot be subtracted: the repository refuses.
    const refused = ttlRemoveRecord(await fixture.rawItem(messageKey(stillStored)), { sequenceNumber: '100000000000000000002' });
    // A stream without old images (KEYS_ONLY) gives nothing to subtract from: a failure, not a silent skip.
    const imageless = ttlRemoveRecord(await fixture.rawItem(messageKey(stillStored)), { sequenceNumber: '100000000000000000003', viewType: 'KEYS_ONLY' });
    const handler = makeHandler(fixture.deps);

    const response = await handler(dynamoDbStreamEvent(good, refused, imageless), context());

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(['100000000000000000002', '100000000000000000003']);
    expect((await fixture.repository.metrics()).total).toBe(before.total - 1);
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });
});

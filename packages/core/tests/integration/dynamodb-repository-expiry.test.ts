import { describe, expect, it } from '@jest/globals';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  STAGES,
  TRANSITIONS,
  forgetExpiredMessages,
  type Message,
  type MessageStatus,
  type Metrics,
} from '../../src/index';
import { tallyMessages } from '../../src/testing/index';
import { storeInStatus } from '@rez-agent/testing';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable({ metricsShards: 3 });
const makeMessage = messageMaker();
const at = new Date('2026-03-03T00:00:00.000Z');

/** Counts what is still stored the slow way: every message, one by one. */
async function bruteForceCount(): Promise<Metrics> {
  const { messages } = await fixture.repository.list({ limit: 1000 });
  return tallyMessages(messages);
}

/** Saves a message and moves it along the state machine to `status`; returns its stored state. */
async function storeIn(status: MessageStatus, index: number): Promise<Message> {
  const draft = makeMessage({ stage: STAGES[index % STAGES.length], message_type: MESSAGE_TYPES[index % MESSAGE_TYPES.length] });
  return storeInStatus(fixture.repository, draft, status, { transitions: TRANSITIONS, at });
}

/** What DynamoDB's TTL does: deletes the item, with nothing else told. */
async function ttlDelete(message: Message): Promise<void> {
  await fixture.table.client.send(new DeleteCommand({ TableName: fixture.table.tableName, Key: { pk: `MSG#${message.id}`, sk: 'MSG' } }));
}

describe('DynamoDbMessageRepository.forgetExpired: metrics after TTL deletions', () => {
  it('keeps metrics equal to a brute-force count when expired messages are forgotten, each exactly once', async () => {
    const stored = await Promise.all(Array.from({ length: 15 }, (_, index) => storeIn(MESSAGE_STATUSES[index % MESSAGE_STATUSES.length] as MessageStatus, index)));
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());

    // One of every status expires, across stages and types.
    const expired = stored.filter((_, index) => index % 3 === 0);
    for (const message of expired) await ttlDelete(message);
    // Nothing has told the counters yet: they still count the deleted messages.
    expect((await fixture.repository.metrics()).total).toBe(stored.length);

    const [first, second, ...rest] = expired as [Message, Message, ...Message[]];
    expect(await fixture.repository.forgetExpired(first)).toBe(true);
    // A redelivered stream record: found the marker, changed nothing.
    expect(await fixture.repository.forgetExpired(first)).toBe(false);
    // Two deliveries of one record racing each other: exactly one counts.
    expect((await Promise.all([fixture.repository.forgetExpired(second), fixture.repository.forgetExpired(second)])).sort()).toEqual([false, true]);
    const outcomes = await forgetExpiredMessages({ repository: fixture.repository }, [...rest, first]);
    expect(outcomes).toEqual([...rest.map(({ id }) => ({ id, outcome: 'forgotten' })), { id: first.id, outcome: 'repeat' }]);

    const remaining = await bruteForceCount();
    expect(remaining.total).toBe(stored.length - expired.length);
    expect(await fixture.repository.metrics()).toEqual(remaining);
  });

  it('refuses to forget a message that is still stored, changing nothing', async () => {
    const live = await storeIn('completed', 1);
    const before = await fixture.repository.metrics();
    await expect(fixture.repository.forgetExpired(live)).rejects.toBeInstanceOf(ConflictError);
    expect(await fixture.repository.metrics()).toEqual(before);
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
    // No marker either: once it does expire, it is subtracted.
    await ttlDelete(live);
    expect(await fixture.repository.forgetExpired(live)).toBe(true);
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });

  it('keeps the marker past a stream’s 24-hour retention, then lets TTL remove it', async () => {
    const message = await storeIn('failed', 2);
    await ttlDelete(message);
    const before = Math.floor(Date.now() / 1000);
    await fixture.repository.forgetExpired(message);
    const { Item } = await fixture.table.client.send(
      new GetCommand({ TableName: fixture.table.tableName, Key: { pk: `EXPIRED#${message.id}`, sk: 'EXPIRED' }, ConsistentRead: true }),
    );
    expect(Item?.ttl).toBeGreaterThanOrEqual(before + 2 * 86_400);
    expect(Item?.ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 2 * 86_400);
  });

  it('reports a failed message among successes instead of throwing', async () => {
    const live = await storeIn('queued', 3);
    const gone = await storeIn('queued', 4);
    await ttlDelete(gone);
    const outcomes = await forgetExpiredMessages({ repository: fixture.repository }, [live, gone]);
    expect(outcomes).toEqual([
      { id: live.id, outcome: 'failed', error: expect.any(ConflictError) },
      { id: gone.id, outcome: 'forgotten' },
    ]);
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });
});

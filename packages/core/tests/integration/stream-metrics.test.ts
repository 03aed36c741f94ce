import { describe, expect, it } from '@jest/globals';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { TableStreamReader, type StreamBatch } from '@rez-agent/emulators';
import { dynamoDbEndpoint } from '@rez-agent/testing';
import {
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  STAGES,
  countStreamChanges,
  messageChangesOf,
  systemClock,
  type Message,
  type MessageChange,
  type MessageStatus,
  type Metrics,
  TRANSITIONS,
} from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';
import { transitionPath } from '@rez-agent/testing';
import { tallyMessages } from '../../src/testing/index';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();
const at = new Date('2026-03-03T00:00:00.000Z');
const count = (shard: string, changes: readonly MessageChange[]) =>
  countStreamChanges({ ledger: fixture.ledger, clock: systemClock }, shard, changes);

/** Counts what is stored the slow way: every message, one by one. */
async function bruteForceCount(): Promise<Metrics> {
  const { messages } = await fixture.repository.list({ limit: 1000 });
  return tallyMessages(messages);
}

/** Saves a message and moves it along the state machine to `status`. */
async function storeIn(status: MessageStatus, index: number): Promise<Message> {
  const draft = makeMessage({ stage: STAGES[index % STAGES.length], message_type: MESSAGE_TYPES[index % MESSAGE_TYPES.length] });
  await fixture.repository.save(draft);
  let current = draft;
  for (const to of transitionPath(TRANSITIONS, 'created', status)) current = await fixture.repository.transition({ id: draft.id, from: current.status, to, at });
  return current;
}

/** What DynamoDB's TTL does: deletes the item, with nothing else told. */
async function ttlDelete(message: Message): Promise<void> {
  await fixture.table.client.send(new DeleteCommand({ TableName: fixture.table.tableName, Key: { pk: `MSG#${message.id}`, sk: 'MSG' } }));
}

const seen = new Set<string>();

/**
 * The stream records written since the last call as one batch of their shard, read but not
 * counted, so tests can deliver them as often as they like.
 */
async function takeBatch(): Promise<StreamBatch> {
  const batches: StreamBatch[] = [];
  const reader = new TableStreamReader({
    endpoint: dynamoDbEndpoint(),
    tableName: fixture.table.tableName,
    onBatch: (batch) => {
      batches.push(batch);
      return Promise.resolve();
    },
  });
  await reader.drain();
  await reader.stop();
  const fresh = batches.flatMap((batch) => batch.records.filter((record) => !seen.has(record.dynamodb?.SequenceNumber ?? '')));
  for (const record of fresh) seen.add(record.dynamodb?.SequenceNumber ?? '');
  const shardId = batches.at(-1)?.shardId;
  if (!shardId || new Set(batches.map((batch) => batch.shardId)).size !== 1) throw new Error('expected one stream shard');
  return { shardId, records: fresh };
}

const reachable = MESSAGE_STATUSES.filter((status) => status !== 'scheduled');

describe('metrics counted off the table stream', () => {
  it('equal a brute-force count after saves, transitions and TTL deletions', async () => {
    const stored = await Promise.all(Array.from({ length: 14 }, (_, index) => storeIn(reachable[index % reachable.length] as MessageStatus, index)));
    for (const message of stored.filter((_, index) => index % 3 === 0)) await ttlDelete(message);

    await fixture.settleMetrics();

    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
    expect((await fixture.repository.metrics()).total).toBe(stored.length - 5);
  });

  it('do not count attempts, which live beside their message', async () => {
    await fixture.settleMetrics();
    const message = await storeIn('queued', 1);
    await fixture.repository.recordAttempt(message, {
      attempt: 1,
      started_at: at.toISOString(),
      duration_ms: 12,
      receive_count: 1,
      outcome: 'retryable',
      http_status: 503,
      error: 'ntfy answered 503',
    });

    await fixture.settleMetrics();

    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });
});

describe('countStreamChanges', () => {
  it('adds nothing when a batch is delivered again, whole or bisected', async () => {
    await fixture.settleMetrics();
    await takeBatch();
    const settled = await fixture.repository.metrics();
    await Promise.all([storeIn('completed', 2), storeIn('failed', 3), storeIn('queued', 4)]);
    const batch = await takeBatch();
    const changes = messageChangesOf(batch.records).changes;
    const middle = Math.floor(changes.length / 2);

    const first = await count(batch.shardId, changes);
    const replay = await count(batch.shardId, changes);
    const halves = [await count(batch.shardId, changes.slice(0, middle)), await count(batch.shardId, changes.slice(middle))];

    expect(first).toEqual({ counted: changes.length, repeated: 0 });
    expect(replay).toEqual({ counted: 0, repeated: changes.length });
    expect(halves).toEqual([
      { counted: 0, repeated: middle },
      { counted: 0, repeated: changes.length - middle },
    ]);
    const metrics = await fixture.repository.metrics();
    expect(metrics.total - settled.total).toBe(3);
    expect(metrics).toEqual(await bruteForceCount());
  });

  it('counts a retried batch that grew only for its new records', async () => {
    await fixture.settleMetrics();
    await takeBatch();
    await storeIn('created', 5);
    const early = await takeBatch();
    await storeIn('created', 6);
    const late = await takeBatch();
    const earlyChanges = messageChangesOf(early.records).changes;
    const grown = [...earlyChanges, ...messageChangesOf(late.records).changes];

    await count(early.shardId, earlyChanges);
    const retry = await count(early.shardId, grown);

    expect(retry).toEqual({ counted: grown.length - earlyChanges.length, repeated: earlyChanges.length });
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });

  it('lets exactly one of two concurrent deliveries of a batch count it', async () => {
    await fixture.settleMetrics();
    await takeBatch();
    await storeIn('completed', 7);
    const batch = await takeBatch();
    const changes = messageChangesOf(batch.records).changes;

    const results = await Promise.all([count(batch.shardId, changes), count(batch.shardId, changes)]);

    expect(results.map((result) => result.counted).sort((a, b) => a - b)).toEqual([0, changes.length]);
    expect(await fixture.repository.metrics()).toEqual(await bruteForceCount());
  });
});

import { describe, expect, it } from '@jest/globals';
import { TableStreamReader, type StreamBatch } from '@rez-agent/emulators';
import { ConfigError, type MessageStatus, type Metrics } from '@rez-agent/core';
import { tallyMessages } from '@rez-agent/core/testing';
import { dynamoDbEndpoint, insertRecord, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { messageKey, useStreamFixture } from '../helpers/stream-fixture';

const fixture = useStreamFixture('metrics');
const bruteForceCount = async (): Promise<Metrics> => tallyMessages(await fixture.storedMessages());

/** Every batch of DynamoDB Local's stream of the table so far, as Lambda would hand them over. */
async function streamBatches(): Promise<StreamBatch[]> {
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
  return batches;
}

describe('stream function: metrics counted off the table stream', () => {
  it('counts saves, status changes and TTL deletions exactly once, however often a batch comes', async () => {
    const statuses: MessageStatus[] = ['created', 'queued', 'processing', 'completed', 'failed', 'completed'];
    const messages = await Promise.all(statuses.map((status, index) => fixture.store(status, `message ${index}`)));
    for (const message of messages.filter((_, index) => index % 2 === 0)) await fixture.expire(messageKey(message));
    const count = makeHandler(fixture.deps);

    for (const batch of await streamBatches()) {
      const event = { Records: batch.records as never[], shardId: batch.shardId };
      expect(await count(event, schedulerLambdaContext())).toEqual({ batchItemFailures: [] });
      // At-least-once: the same batch again, as a retried invocation would bring it.
      expect(await count(event, schedulerLambdaContext())).toEqual({ batchItemFailures: [] });
    }

    const metrics = await fixture.repository.metrics();
    expect(metrics).toEqual(await bruteForceCount());
    expect(metrics.total).toBe(3);
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'METRICS_COUNTED', counted: 0 }));
  });

  it('refuses a batch without a shard id (a mapping without a tumbling window) and counts nothing', async () => {
    const before = await fixture.repository.metrics();
    const record = insertRecord({ pk: 'MSG#01KBZ00000000000000000NONE', sk: 'MSG', status: 'queued', stage: 'dev', message_type: 'manual' });

    await expect(makeHandler(fixture.deps)({ Records: [record] }, schedulerLambdaContext())).rejects.toBeInstanceOf(ConfigError);

    expect(await fixture.repository.metrics()).toEqual(before);
  });

  it('logs and skips a record without readable images, counting the rest of its batch', async () => {
    const before = await fixture.repository.metrics();
    const imageless = insertRecord({ pk: 'MSG#01KBZ00000000000000000NONE', sk: 'MSG' }, { viewType: 'KEYS_ONLY', sequenceNumber: '900000000000000000000001' });
    const good = insertRecord(
      { pk: 'MSG#01KBZ00000000000000000GOOD', sk: 'MSG', status: 'queued', stage: 'dev', message_type: 'manual' },
      { viewType: 'NEW_AND_OLD_IMAGES', sequenceNumber: '900000000000000000000002' },
    );

    await makeHandler(fixture.deps)({ Records: [imageless, good], shardId: 'shardId-test-0001' }, schedulerLambdaContext());

    expect((await fixture.repository.metrics()).total).toBe(before.total + 1);
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'RECORD_MALFORMED', sequence_number: '900000000000000000000001' }));
  });
});

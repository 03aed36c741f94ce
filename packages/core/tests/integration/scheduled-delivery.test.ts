import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startNtfyServer, startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import {
  NtfyNotifier,
  SnsMessagePublisher,
  SqsDeliveryQueue,
  createMessage,
  deliverMessage,
  releaseDueMessages,
  ulidGenerator,
  type Clock,
  type CreateMessageDeps,
  type Message,
} from '../../src/index';
import { useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
let messaging: TestMessaging;
let queue: SqsDeliveryQueue;

beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'core-scheduled' });
  queue = new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl });
});
afterAll(async () => {
  await messaging?.stop();
});

const fixedClock = (iso: string | Date): Clock => ({ now: () => new Date(iso) });

const deps = (clock: Clock = { now: () => new Date() }): CreateMessageDeps => ({
  repository: fixture.repository,
  publisher: new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn }),
  queue,
  clock,
  ids: ulidGenerator(),
  stage: 'dev',
  ttlDays: 90,
});

/** Receives (and deletes) every visible record of the processor queue; bodies parsed (SNS-wrapped or raw). */
async function takeRecords(waitSeconds = 0): Promise<Message[]> {
  const records = await messaging.receiveAll(messaging.queueUrl, { delete: true, waitSeconds });
  return records.map((record) => {
    const body = JSON.parse(record.Body ?? '{}') as { Type?: string; Message?: string };
    return (body.Type === 'Notification' ? JSON.parse(body.Message ?? '{}') : body) as Message;
  });
}

const schedule = (deliverAt: Date, clock?: Clock) =>
  createMessage(deps(clock), { message_type: 'manual', payload: 'later', created_by: 'scheduled-tests', deliver_at: deliverAt });

describe('scheduled messages', () => {
  it('are stored scheduled with deliver_at, listed by ?status=scheduled, and their record is not visible before it is due', async () => {
    await takeRecords();
    // Far enough ahead that storing and listing on a loaded machine cannot reach the due time.
    const deliverAt = new Date(Date.now() + 8_000);

    const { message, created } = await schedule(deliverAt);

    expect(created).toBe(true);
    expect(message).toMatchObject({ status: 'scheduled', deliver_at: deliverAt.toISOString() });
    expect((await fixture.repository.list({ status: 'scheduled', limit: 100 })).messages.map((each) => each.id)).toContain(message.id);
    expect(await takeRecords()).toEqual([]);
    // Long-poll until the delayed record shows up: it must not come before deliver_at.
    let arrived: Message[] = [];
    while (arrived.length === 0) arrived = await takeRecords(5);
    expect(Date.now()).toBeGreaterThanOrEqual(deliverAt.getTime());
    expect(arrived.map((record) => record.id)).toEqual([message.id]);
  });

  it('due beyond 15 minutes wait for the tick, which hands each over once with the delay left', async () => {
    await takeRecords();
    const now = new Date();
    const deliverAt = new Date(now.getTime() + 3_600_000);
    const { message } = await schedule(deliverAt);
    expect(await takeRecords()).toEqual([]);
    const options = { lookaheadSeconds: 90, lostAfterSeconds: 120, limit: 100 };
    const tickDeps = (at: Date) => ({ repository: fixture.repository, queue, clock: fixedClock(at) });

    const tooEarly = await releaseDueMessages(tickDeps(new Date(deliverAt.getTime() - 600_000)), options);
    const inTime = await releaseDueMessages(tickDeps(new Date(deliverAt.getTime() - 60_000)), options);
    const again = await releaseDueMessages(tickDeps(new Date(deliverAt.getTime() - 30_000)), options);

    expect(tooEarly.dispatched).not.toContain(message.id);
    expect(inTime.dispatched).toContain(message.id);
    expect(again.dispatched).not.toContain(message.id);
    expect(inTime.failures).toEqual([]);
    // The record was sent with 60 s of delay: not visible yet (other tests' overdue ones may be).
    expect((await takeRecords()).map((record) => record.id)).not.toContain(message.id);
    const attributes = await messaging.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: messaging.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(Number(attributes.Attributes?.ApproximateNumberOfMessagesDelayed)).toBeGreaterThanOrEqual(1);
    expect((await fixture.repository.get(message.id))?.status).toBe('scheduled');
  });

  it('are handed over again by the tick when their record was lost', async () => {
    const deliverAt = new Date(Date.now() + 5 * 3_600_000);
    const { message } = await schedule(deliverAt);
    const options = { lookaheadSeconds: 90, lostAfterSeconds: 120, limit: 100 };
    const at = (offsetMs: number) => ({ repository: fixture.repository, queue, clock: fixedClock(new Date(deliverAt.getTime() + offsetMs)) });

    await releaseDueMessages(at(-60_000), options);
    const stillInTime = await releaseDueMessages(at(60_000), options);
    const lost = await releaseDueMessages(at(180_000), options);

    expect(stillInTime.dispatched).not.toContain(message.id);
    expect(lost.dispatched).toContain(message.id);
    const due = await fixture.repository.findDue({ dueBefore: new Date(deliverAt.getTime() + 1), lostBefore: new Date(0), limit: 100 });
    expect(due.map((each) => each.id)).not.toContain(message.id);
  });

  it('are never sent before deliver_at: an early record is sent back with the delay left', async () => {
    await takeRecords();
    const ntfy = await startNtfyServer();
    try {
      const deliverAt = new Date(Date.now() + 3_000);
      const { message } = await schedule(deliverAt);
      await takeRecords(); // the create's own delayed record is not visible yet
      const deliver = { repository: fixture.repository, clock: { now: () => new Date() }, notifier: new NtfyNotifier({ url: ntfy.url('t') }), leaseSeconds: 120, maxReceiveCount: 3, queue };

      const early = await deliverMessage(deliver, { id: message.id, receiveCount: 1 });

      expect(early).toMatchObject({ kind: 'acknowledged', code: 'MESSAGE_NOT_YET_DUE' });
      expect(ntfy.requests).toHaveLength(0);
      expect((await fixture.repository.get(message.id))?.status).toBe('scheduled');

      let arrived: Message[] = [];
      while (arrived.length < 2) arrived = [...arrived, ...(await takeRecords(5))];
      expect(Date.now()).toBeGreaterThanOrEqual(deliverAt.getTime());
      const outcomes = await Promise.all(arrived.map((record) => deliverMessage(deliver, { id: record.id, receiveCount: 1 })));

      const codes = outcomes.map((outcome) => outcome.code);
      expect(codes.filter((code) => code === 'MESSAGE_COMPLETED')).toHaveLength(1);
      // The other copy met the winner's live lease or its settled outcome: never a second send.
      for (const code of codes.filter((each) => each !== 'MESSAGE_COMPLETED')) expect(['MESSAGE_LEASE_HELD', 'MESSAGE_ALREADY_FINAL']).toContain(code);
      expect(ntfy.requests).toHaveLength(1);
      expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed' });
    } finally {
      await ntfy.close();
    }
  });

  it('keep their retention from the delivery time', async () => {
    const now = new Date('2026-05-01T00:00:00.000Z');
    const deliverAt = new Date('2026-08-01T00:00:00.000Z');
    const { message } = await schedule(deliverAt, fixedClock(now));
    expect(message.ttl).toBe(Math.floor(deliverAt.getTime() / 1000) + 90 * 86_400);
  });
});

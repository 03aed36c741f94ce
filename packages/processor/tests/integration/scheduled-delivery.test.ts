import { DeleteMessageBatchCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SqsDeliveryQueue, buildMessage, createMessage, SnsMessagePublisher, ulidGenerator, type Message } from '@rez-agent/core';
import { sqsEventFromReceived, sqsLambdaContext, startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import { sendsOf, useProcessor } from '../helpers/processor-fixture';

let messaging: TestMessaging;
let queueArn: string;
const fixture = useProcessor({ env: () => ({ SQS_QUEUE_URL: messaging.queueUrl }), io: () => ({ sqs: messaging.sqs }) });

beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'processor-scheduled', visibilityTimeoutSeconds: 1 });
  const { Attributes } = await messaging.sqs.send(new GetQueueAttributesCommand({ QueueUrl: messaging.queueUrl, AttributeNames: ['QueueArn'] }));
  queueArn = Attributes?.QueueArn ?? '';
});
afterAll(() => messaging.stop());

/** Creates a scheduled message through core's use case, which sends its raw record with the delay left. */
async function schedule(inMs: number): Promise<Message> {
  const { message } = await createMessage(
    {
      repository: fixture.repository,
      publisher: new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn }),
      queue: new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl }),
      clock: { now: () => new Date() },
      ids: ulidGenerator(),
      stage: 'dev',
      ttlDays: 90,
    },
    { message_type: 'manual', payload: `scheduled ${inMs}`, created_by: 'processor-tests', deliver_at: new Date(Date.now() + inMs) },
  );
  return message;
}

/** Long-polls until some records of `id` are visible; each is deleted as the mapping would after the handler. */
async function deliverWhenVisible(id: string): Promise<{ at: number; kinds: string[] }> {
  for (;;) {
    const received = (await messaging.receiveAll(messaging.queueUrl, { waitSeconds: 5 })).filter((record) => (record.Body ?? '').includes(id));
    if (received.length === 0) continue;
    const at = Date.now();
    const response = await fixture.handler(sqsEventFromReceived(received, queueArn), sqsLambdaContext());
    const failed = response.batchItemFailures.map((failure) => failure.itemIdentifier);
    const done = received.filter((record) => !failed.includes(record.MessageId ?? ''));
    if (done.length > 0) {
      await messaging.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: messaging.queueUrl, Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.ReceiptHandle })) }),
      );
    }
    return { at, kinds: failed };
  }
}

describe('processor: scheduled messages', () => {
  it('delivers a raw (not SNS-wrapped) delayed record once it is due, never before, with its attempt recorded', async () => {
    const message = await schedule(2_000);

    const { at, kinds } = await deliverWhenVisible(message.id);

    expect(at).toBeGreaterThanOrEqual(Date.parse(message.deliver_at ?? ''));
    expect(kinds).toEqual([]);
    expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
    expect(sendsOf(fixture.ntfy, message.payload)[0]?.headers['x-sequence-id']).toBe(message.id);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(await fixture.repository.listAttempts(message.id)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', receive_count: 1 })]);
  });

  it('sends an early record back with the delay left and sends nothing to ntfy', async () => {
    const draft = buildMessage(
      { message_type: 'manual', payload: 'early record', created_by: 'processor-tests', deliver_at: new Date(Date.now() + 3_000) },
      { stage: 'dev', clock: { now: () => new Date() }, ids: ulidGenerator() },
    );
    await fixture.repository.save(draft);
    // Sent with no delay, as a lost-and-resent or a misrouted record would come.
    await new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl }).sendDelayed(draft, 0);

    const early = await deliverWhenVisible(draft.id);
    expect(early.kinds).toEqual([]);
    expect(sendsOf(fixture.ntfy, draft.payload)).toHaveLength(0);
    expect((await fixture.repository.get(draft.id))?.status).toBe('scheduled');

    const onTime = await deliverWhenVisible(draft.id);
    expect(onTime.at).toBeGreaterThanOrEqual(Date.parse(draft.deliver_at ?? ''));
    expect(sendsOf(fixture.ntfy, draft.payload)).toHaveLength(1);
    expect((await fixture.repository.get(draft.id))?.status).toBe('completed');
  });
});

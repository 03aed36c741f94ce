import { DeleteMessageBatchCommand, GetQueueAttributesCommand, SendMessageCommand, type Message as SqsMessage } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SnsMessagePublisher } from '@rez-agent/core';
import { sqsEventFromReceived, sqsLambdaContext, startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { sendsOf, useProcessor } from '../helpers/processor-fixture';

const fixture = useProcessor();
let messaging: TestMessaging;
let queueArn: string;

beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'processor-test', visibilityTimeoutSeconds: 1, maxReceiveCount: 2 });
  const { Attributes } = await messaging.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: messaging.queueUrl, AttributeNames: ['QueueArn'] }),
  );
  queueArn = Attributes?.QueueArn ?? '';
});
afterAll(() => messaging.stop());

/** What Lambda's event source mapping does with the answer: delete every record not reported. */
async function deleteAcknowledged(received: readonly SqsMessage[], failed: readonly string[]): Promise<void> {
  const done = received.filter((message) => !failed.includes(message.MessageId ?? ''));
  if (done.length === 0) return;
  await messaging.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: messaging.queueUrl,
      Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
    }),
  );
}

describe('processor behind the SNS/SQS emulator', () => {
  it('delivers what the topic fanned out to the queue and marks it completed', async () => {
    const publisher = new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn });
    const messages = await Promise.all([storeMessage(fixture.repository), storeMessage(fixture.repository)]);
    for (const message of messages) await publisher.publish(message);

    const received = await messaging.receiveAll();
    const response = await fixture.handler(sqsEventFromReceived(received, queueArn), sqsLambdaContext());
    await deleteAcknowledged(received, response.batchItemFailures.map((failure) => failure.itemIdentifier));

    expect(received).toHaveLength(2);
    expect(response.batchItemFailures).toEqual([]);
    for (const message of messages) {
      expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
      expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 1 });
    }
    expect(await messaging.receiveAll(messaging.queueUrl, { waitSeconds: 0 })).toEqual([]);
  });

  it('keeps reporting a malformed record until the queue moves it to the DLQ', async () => {
    await messaging.sqs.send(new SendMessageCommand({ QueueUrl: messaging.queueUrl, MessageBody: '{"payload": "half a message"' }));

    const receiveCounts: string[] = [];
    for (let receive = 1; receive <= 2; receive += 1) {
      const received = await messaging.receiveAll(messaging.queueUrl, { waitSeconds: 2 });
      const event = sqsEventFromReceived(received, queueArn);
      const response = await fixture.handler(event, sqsLambdaContext());
      await deleteAcknowledged(received, response.batchItemFailures.map((failure) => failure.itemIdentifier));
      expect(response.batchItemFailures).toEqual(event.Records.map((record) => ({ itemIdentifier: record.messageId })));
      receiveCounts.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
    }
    // Past maxReceiveCount the next receive moves the record to the DLQ instead of handing it out:
    // a long poll across the visibility timeout would return it at once if it came back.
    const onQueue = await messaging.receiveAll(messaging.queueUrl, { waitSeconds: 3 });
    const dead = await messaging.receiveAll(messaging.dlqUrl, { waitSeconds: 0 });

    expect(receiveCounts).toEqual(['1', '2']);
    expect(onQueue).toEqual([]);
    expect(dead.map((message) => message.Body)).toEqual(['{"payload": "half a message"']);
    expect(fixture.ntfy.requests).toHaveLength(0);
  });
});

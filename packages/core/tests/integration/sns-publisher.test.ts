import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import { SnsMessagePublisher, buildMessage, type Message, type MessageType, type Stage } from '../../src/index';

let messaging: TestMessaging;
beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'sns-publisher-test' });
});
afterAll(() => messaging.stop());

function message(stage: Stage, messageType: MessageType, id: string): Message {
  return buildMessage(
    { message_type: messageType, payload: `hello from ${stage}`, title: 'Greeting', tags: ['wave'], created_by: 'test' },
    { stage, clock: { now: () => new Date('2026-01-02T03:04:05.678Z') }, ids: { next: () => id } },
  );
}

describe('SnsMessagePublisher against the SNS/SQS emulator', () => {
  it.each([
    { stage: 'dev' as const, messageType: 'manual' as const, id: '01KBZ0000000000000000000A1' },
    { stage: 'prod' as const, messageType: 'scheduled' as const, id: '01KBZ0000000000000000000B2' },
  ])('delivers a $stage/$messageType message to the subscribed queue in an SNS envelope', async ({ stage, messageType, id }) => {
    const publisher = new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn });
    const sent = message(stage, messageType, id);

    const { publishId } = await publisher.publish(sent);

    const records = await messaging.receiveAll(messaging.queueUrl, { delete: true });
    expect(records).toHaveLength(1);
    const envelope = JSON.parse(records[0]?.Body ?? '{}') as Record<string, unknown>;
    expect(envelope).toMatchObject({ Type: 'Notification', MessageId: publishId, TopicArn: messaging.topicArn });
    expect(envelope.Message).toBe(JSON.stringify(sent));
    expect(JSON.parse(envelope.Message as string)).toEqual(sent);
    expect(envelope.MessageAttributes).toEqual({
      stage: { Type: 'String', Value: stage },
      message_type: { Type: 'String', Value: messageType },
    });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { Message as ReceivedMessage } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { SNS_SENDER_ID, sqsEventFromMessages, sqsRecordFromMessage } from '@rez-agent/emulators';
import { lambdaContext, type LambdaContextOptions } from './lambda-context';
import { DEV_NAMES, TEST_ACCOUNT as ACCOUNT } from './names';

/**
 * SQS events as Lambda's event source mapping delivers them to the processor: records from a
 * queue subscribed to the SNS topic (body = the SNS envelope) or fed directly (body = the
 * message JSON), with the attributes, receipt handle and MD5 AWS fills in.
 */

export interface SqsRecordOptions {
  /** SQS's id for the record; the processor reports failures with it. A fresh UUID by default. */
  messageId?: string;
  receiptHandle?: string;
  /** ApproximateReceiveCount: 1 on the first delivery, one more on each redelivery. */
  receiveCount?: number;
  sentAt?: Date;
  region?: string;
  queueName?: string;
  senderId?: string;
}

export interface SnsEnvelopeOptions {
  /** SNS's id for the publish. */
  messageId?: string;
  topicArn?: string;
  timestamp?: Date;
  /** SNS message attributes, e.g. `{ stage: 'dev' }` (String type). */
  attributes?: Record<string, string>;
}

/** A receipt handle looks like a long opaque base64 string and changes on every receive. */
const receiptHandle = (): string => `AQEB${randomBytes(96).toString('base64')}`;

/**
 * The JSON body SNS writes into a subscribed queue (raw message delivery off): `Message` is
 * the published text, verbatim. A non-string message is serialised first, as a publisher would.
 */
export function snsEnvelope(message: unknown, options: SnsEnvelopeOptions = {}): string {
  const topicArn = options.topicArn ?? `arn:aws:sns:us-east-1:${ACCOUNT}:${DEV_NAMES.topic}`;
  const region = topicArn.split(':')[3] ?? 'us-east-1';
  const attributes = Object.entries(options.attributes ?? {});
  return JSON.stringify({
    Type: 'Notification',
    MessageId: options.messageId ?? randomUUID(),
    TopicArn: topicArn,
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: (options.timestamp ?? new Date()).toISOString(),
    SignatureVersion: '1',
    Signature: randomBytes(256).toString('base64'),
    SigningCertURL: `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`,
    UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
    ...(attributes.length
      ? { MessageAttributes: Object.fromEntries(attributes.map(([name, value]) => [name, { Type: 'String', Value: value }])) }
      : {}),
  });
}

/** One record with exactly this body text (use it for malformed bodies), built as if received off the queue. */
export function sqsRecord(body: string, options: SqsRecordOptions = {}): SQSRecord {
  const region = options.region ?? 'us-east-1';
  const sentAt = (options.sentAt ?? new Date()).getTime();
  const received: ReceivedMessage = {
    MessageId: options.messageId ?? randomUUID(),
    ReceiptHandle: options.receiptHandle ?? receiptHandle(),
    Body: body,
    Attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(sentAt),
      SenderId: options.senderId ?? SNS_SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(sentAt + 7),
    },
  };
  return sqsRecordFromMessage(received, { arn: `arn:aws:sqs:${region}:${ACCOUNT}:${options.queueName ?? DEV_NAMES.queue}`, region });
}

/** A record as the SNS subscription delivers it: the message inside an SNS envelope. */
export function snsSqsRecord(message: unknown, options: SqsRecordOptions & { sns?: SnsEnvelopeOptions } = {}): SQSRecord {
  const { sns, ...record } = options;
  return sqsRecord(snsEnvelope(message, sns), record);
}

/** A record sent to the queue directly (or with raw message delivery): the body is the message JSON. */
export function rawSqsRecord(message: unknown, options: SqsRecordOptions = {}): SQSRecord {
  return sqsRecord(JSON.stringify(message), { senderId: `AROAEXAMPLEROLEID:${DEV_NAMES.function.webapi}`, ...options });
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/**
 * The event Lambda would build from records received off a real queue (an emulator's), as
 * ReceiveMessage returns them with `MessageSystemAttributeNames: ['All']` and
 * `MessageAttributeNames: ['All']`: the sandbox's event source mapping builds it the same way.
 */
export function sqsEventFromReceived(messages: readonly ReceivedMessage[], queueArn: string): SQSEvent {
  for (const received of messages) {
    required(received.MessageId, 'MessageId');
    required(received.ReceiptHandle, 'ReceiptHandle');
    required(received.Attributes?.ApproximateReceiveCount, 'ApproximateReceiveCount');
    required(received.Attributes?.SentTimestamp, 'SentTimestamp');
  }
  return sqsEventFromMessages(messages, { arn: queueArn });
}

function required(value: string | undefined, name: string): void {
  if (value === undefined) throw new Error(`the received SQS message has no ${name}: receive with MessageSystemAttributeNames ['All']`);
}

/** A Lambda context for the processor whose remaining time counts down from the timeout. */
export function sqsLambdaContext(options: LambdaContextOptions = {}): Context {
  return lambdaContext({ functionName: DEV_NAMES.function.processor, ...options });
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Message as ReceivedMessage } from '@aws-sdk/client-sqs';
import { lambdaContext, type LambdaContextOptions } from './lambda-context';
import type { Context, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/**
 * SQS events as Lambda's event source mapping delivers them to the processor: records from a
 * queue subscribed to the SNS topic (body = the SNS envelope) or fed directly (body = the
 * message JSON), with the attributes, receipt handle and MD5 AWS fills in.
 */

const ACCOUNT = '123456789012';
/** The principal SNS sends to SQS as; every SNS-fed record carries it as SenderId. */
const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

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

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** A receipt handle looks like a long opaque base64 string and changes on every receive. */
const receiptHandle = (): string => `AQEB${randomBytes(96).toString('base64')}`;

/**
 * The JSON body SNS writes into a subscribed queue (raw message delivery off): `Message` is
 * the published text, verbatim. A non-string message is serialised first, as a publisher would.
 */
export function snsEnvelope(message: unknown, options: SnsEnvelopeOptions = {}): string {
  const topicArn = options.topicArn ?? `arn:aws:sns:us-east-1:${ACCOUNT}:rez-agent-dev-messages`;
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

/** One record with exactly this body text (use it for malformed bodies). */
export function sqsRecord(body: string, options: SqsRecordOptions = {}): SQSRecord {
  const region = options.region ?? 'us-east-1';
  const sentAt = (options.sentAt ?? new Date()).getTime();
  return {
    messageId: options.messageId ?? randomUUID(),
    receiptHandle: options.receiptHandle ?? receiptHandle(),
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: String(sentAt),
      SenderId: options.senderId ?? SNS_SENDER_ID,
      ApproximateFirstReceiveTimestamp: String(sentAt + 7),
    },
    messageAttributes: {},
    md5OfBody: md5(body),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:${ACCOUNT}:${options.queueName ?? 'rez-agent-dev-processor'}`,
    awsRegion: region,
  };
}

/** A record as the SNS subscription delivers it: the message inside an SNS envelope. */
export function snsSqsRecord(message: unknown, options: SqsRecordOptions & { sns?: SnsEnvelopeOptions } = {}): SQSRecord {
  const { sns, ...record } = options;
  return sqsRecord(snsEnvelope(message, sns), record);
}

/** A record sent to the queue directly (or with raw message delivery): the body is the message JSON. */
export function rawSqsRecord(message: unknown, options: SqsRecordOptions = {}): SQSRecord {
  return sqsRecord(JSON.stringify(message), { senderId: 'AROAEXAMPLEROLEID:rez-agent-local', ...options });
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/**
 * The event Lambda would build from records received off a real queue (an emulator's), as
 * ReceiveMessage returns them with `MessageSystemAttributeNames: ['All']` and
 * `MessageAttributeNames: ['All']`.
 */
export function sqsEventFromReceived(messages: readonly ReceivedMessage[], queueArn: string): SQSEvent {
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  return {
    Records: messages.map((received) => {
      const body = received.Body ?? '';
      const attributes = received.Attributes ?? {};
      const messageAttributes: SQSMessageAttributes = Object.fromEntries(
        Object.entries(received.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          {
            dataType: value.DataType ?? 'String',
            ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
            ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
            stringListValues: [],
            binaryListValues: [],
          },
        ]),
      );
      return {
        messageId: required(received.MessageId, 'MessageId'),
        receiptHandle: required(received.ReceiptHandle, 'ReceiptHandle'),
        body,
        attributes: {
          ApproximateReceiveCount: required(attributes.ApproximateReceiveCount, 'ApproximateReceiveCount'),
          SentTimestamp: required(attributes.SentTimestamp, 'SentTimestamp'),
          SenderId: attributes.SenderId ?? SNS_SENDER_ID,
          ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? attributes.SentTimestamp ?? '',
        },
        messageAttributes,
        md5OfBody: received.MD5OfBody ?? md5(body),
        ...(received.MD5OfMessageAttributes ? { md5OfMessageAttributes: received.MD5OfMessageAttributes } : {}),
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: region,
      };
    }),
  };
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`the received SQS message has no ${name}: receive with MessageSystemAttributeNames ['All']`);
  return value;
}

/** A Lambda context for the processor whose remaining time counts down from the timeout. */
export function sqsLambdaContext(options: LambdaContextOptions = {}): Context {
  return lambdaContext({ functionName: 'rez-agent-dev-processor', ...options });
}

import { createHash } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/** The queue a batch came from, as the event names it. */
export interface QueueIdentity {
  arn: string;
  /** Taken from the ARN when omitted. */
  region?: string;
}

/** The principal SNS sends to SQS as; Lambda reports it as SenderId of SNS-fed records. */
export const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * The SQS event Lambda's event source mapping hands the function for records received off a
 * queue (with `MessageSystemAttributeNames: ['All']` and `MessageAttributeNames: ['All']`).
 */
export function sqsEventFromMessages(messages: readonly Message[], queue: QueueIdentity): SQSEvent {
  return { Records: messages.map((message) => sqsRecordFromMessage(message, queue)) };
}

/** One record of that event. */
export function sqsRecordFromMessage(message: Message, queue: QueueIdentity): SQSRecord {
  const attributes = message.Attributes ?? {};
  const body = message.Body ?? '';
  const sentTimestamp = attributes.SentTimestamp ?? String(Date.now());
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    // Lambda's shape: camelCase, binary as base64, the list fields always present.
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined ? {} : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body,
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: sentTimestamp,
      SenderId: attributes.SenderId ?? SNS_SENDER_ID,
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? sentTimestamp,
      ...(attributes.AWSTraceHeader ? { AWSTraceHeader: attributes.AWSTraceHeader } : {}),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? md5(body),
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region ?? queue.arn.split(':')[3] ?? 'us-east-1',
  };
}

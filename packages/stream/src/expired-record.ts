import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES, fromMessageItem, isMessageItem, type Message } from '@rez-agent/core';
import type { DynamoDBRecord } from 'aws-lambda';

/** DynamoDB's TTL deletes as the service itself; a caller's DeleteItem carries no userIdentity. */
export function isTtlDeletion(record: DynamoDBRecord): boolean {
  // Typed `any` in @types/aws-lambda.
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  return record.eventName === 'REMOVE' && identity?.type === 'Service' && identity.principalId === 'dynamodb.amazonaws.com';
}

const includes = (values: readonly string[], value: unknown): boolean => typeof value === 'string' && values.includes(value);

/** The fields the counters are keyed on; an image without them cannot be subtracted. */
const countable = (message: Message): boolean =>
  typeof message.id === 'string' &&
  includes(MESSAGE_STATUSES, message.status) &&
  includes(STAGES, message.stage) &&
  includes(MESSAGE_TYPES, message.message_type);

/**
 * What one stream record means for the metrics: nothing (not a TTL deletion of a message), an
 * expired message to subtract, or a record that cannot be read (reported, never skipped).
 */
export type ExpiredRecordReading =
  | { kind: 'ignored' }
  | { kind: 'expired'; message: Message }
  | { kind: 'unreadable'; reason: string; error?: unknown };

/** Reads a record's old image with the adapter's own mapper (fromMessageItem). */
export function readExpiredRecord(record: DynamoDBRecord): ExpiredRecordReading {
  if (!isTtlDeletion(record)) return { kind: 'ignored' };
  const image = record.dynamodb?.OldImage;
  if (!image) return { kind: 'unreadable', reason: 'TTL deletion without an old image: is the stream OLD_IMAGE?' };
  let item: Record<string, unknown>;
  try {
    item = unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    return { kind: 'unreadable', reason: 'old image could not be read', error };
  }
  // Counter shards, idempotency keys and expiry markers expire too; they were never counted.
  if (!isMessageItem(item)) return { kind: 'ignored' };
  const message = fromMessageItem(item);
  if (!countable(message)) return { kind: 'unreadable', reason: 'expired message item lacks id, status, stage or type' };
  return { kind: 'expired', message };
}

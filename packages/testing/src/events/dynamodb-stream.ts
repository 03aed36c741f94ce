import { randomBytes } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DEV_NAMES, TEST_ACCOUNT as ACCOUNT } from './names';

/**
 * DynamoDB Streams events as Lambda's event source mapping delivers them: records with the
 * item's keys and images marshalled to attribute values (only what the stream's view type
 * includes), a sequence number that grows within the shard, and, for a deletion made by TTL,
 * the service identity DynamoDB stamps on it.
 */

/** Who made the change: a TTL deletion carries DynamoDB's own service principal; writes by callers carry none. */
export const TTL_USER_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface StreamRecordOptions {
  /** The table's stream view type; the table in the stack uses OLD_IMAGE. */
  viewType?: StreamViewType;
  /** A fresh, growing one by default (Lambda reports partial failures with it). */
  sequenceNumber?: string;
  tableName?: string;
  region?: string;
  /** ApproximateCreationDateTime (whole seconds). */
  at?: Date;
  /** The item's key attributes; `pk` and `sk` by default. */
  keyAttributes?: readonly string[];
}

let sequence = 4_421_584_500_000_000_017_000_000n;
/** Sequence numbers are decimal strings, 21 to 40 digits, increasing within a shard. */
const nextSequenceNumber = (): string => String((sequence += 1n + BigInt(randomBytes(1)[0] ?? 0)));

type Image = Record<string, AttributeValue>;
const toImage = (item: Record<string, unknown>): Image =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as unknown as Image;

/**
 * One stream record for a change to `item`. For INSERT the item is the new image, for REMOVE the
 * old one; MODIFY takes `{ oldItem, newItem }` via `modifyStreamRecord`.
 */
export function dynamoDbStreamRecord(
  eventName: 'INSERT' | 'REMOVE',
  item: Record<string, unknown>,
  options: StreamRecordOptions & { ttl?: boolean } = {},
): DynamoDBRecord {
  return streamRecord(eventName, eventName === 'INSERT' ? { newItem: item } : { oldItem: item }, options);
}

export function modifyStreamRecord(
  change: { oldItem: Record<string, unknown>; newItem: Record<string, unknown> },
  options: StreamRecordOptions = {},
): DynamoDBRecord {
  return streamRecord('MODIFY', change, options);
}

/** DynamoDB's TTL deleted the expired item. */
export const ttlRemoveRecord = (item: Record<string, unknown>, options: StreamRecordOptions = {}): DynamoDBRecord =>
  dynamoDbStreamRecord('REMOVE', item, { ...options, ttl: true });

/** A caller (DeleteItem) removed the item: no userIdentity. */
export const userRemoveRecord = (item: Record<string, unknown>, options: StreamRecordOptions = {}): DynamoDBRecord =>
  dynamoDbStreamRecord('REMOVE', item, options);

export const insertRecord = (item: Record<string, unknown>, options: StreamRecordOptions = {}): DynamoDBRecord =>
  dynamoDbStreamRecord('INSERT', item, options);

export function dynamoDbStreamEvent(...records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  change: { oldItem?: Record<string, unknown>; newItem?: Record<string, unknown> },
  options: StreamRecordOptions & { ttl?: boolean },
): DynamoDBRecord {
  const viewType = options.viewType ?? 'OLD_IMAGE';
  const region = options.region ?? 'us-east-1';
  const tableName = options.tableName ?? DEV_NAMES.table;
  const item = (change.oldItem ?? change.newItem) as Record<string, unknown>;
  const keyAttributes = options.keyAttributes ?? ['pk', 'sk'];
  const keys = toImage(Object.fromEntries(keyAttributes.map((name) => [name, item[name]])));
  const oldImage = change.oldItem && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') ? toImage(change.oldItem) : undefined;
  const newImage = change.newItem && (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') ? toImage(change.newItem) : undefined;
  const sizeBytes = Buffer.byteLength(JSON.stringify({ keys, oldImage, newImage }));
  return {
    eventID: randomBytes(16).toString('hex'),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((options.at ?? new Date()).getTime() / 1000),
      Keys: keys,
      ...(newImage ? { NewImage: newImage } : {}),
      ...(oldImage ? { OldImage: oldImage } : {}),
      SequenceNumber: options.sequenceNumber ?? nextSequenceNumber(),
      SizeBytes: sizeBytes,
      StreamViewType: viewType,
    },
    ...(options.ttl ? { userIdentity: { ...TTL_USER_IDENTITY } } : {}),
    eventSourceARN: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${tableName}/stream/2026-03-01T00:00:00.000`,
  };
}

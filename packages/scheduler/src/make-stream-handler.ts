import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  LogCode,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  STAGES,
  forgetExpiredMessages,
  fromMessageItem,
  isMessageItem,
  type Message,
} from '@rez-agent/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ExpiryDeps } from './types';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Pick<Context, 'awsRequestId'>) => Promise<DynamoDBBatchResponse>;

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
 * Keeps the metrics exact after retention. The event source mapping's filter passes only TTL
 * deletions, and this checks again (a mapping without the filter, or another stream, must not
 * subtract user deletes or new items). Each expired message item's old image is turned into a
 * Message by the adapter's own mapper and subtracted once (core's forgetExpiredMessages);
 * counter shards, idempotency keys and expiry markers expiring are ignored.
 *
 * Failures are reported per record (ReportBatchItemFailures): Lambda retries from the first one,
 * and since a repeat subtracts nothing, records that already succeeded are safe to see again. A
 * TTL deletion of a message without a usable old image is a failure too (the stream must be
 * OLD_IMAGE), so it ends in the mapping's on-failure destination rather than being lost silently.
 */
export function makeStreamHandler(deps: ExpiryDeps): StreamHandler {
  return async (event, context) => {
    const log = deps.logger.child({ request_id: context.awsRequestId });
    const failed: string[] = [];
    const expired: { sequenceNumber: string; message: Message }[] = [];

    for (const record of event.Records) {
      if (!isTtlDeletion(record)) continue;
      const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
      const image = record.dynamodb?.OldImage;
      if (!image) {
        log.error({ code: LogCode.RECORD_MALFORMED, sequence_number: sequenceNumber }, 'TTL deletion without an old image: is the stream OLD_IMAGE?');
        failed.push(sequenceNumber);
        continue;
      }
      let item: Record<string, unknown>;
      try {
        item = unmarshall(image as Record<string, AttributeValue>);
      } catch (error) {
        log.error({ code: LogCode.RECORD_MALFORMED, sequence_number: sequenceNumber, error }, 'old image could not be read');
        failed.push(sequenceNumber);
        continue;
      }
      if (!isMessageItem(item)) continue;
      const message = fromMessageItem(item);
      if (!countable(message)) {
        log.error({ code: LogCode.RECORD_MALFORMED, sequence_number: sequenceNumber }, 'expired message item lacks id, status, stage or type');
        failed.push(sequenceNumber);
        continue;
      }
      expired.push({ sequenceNumber, message });
    }

    const outcomes = await forgetExpiredMessages(deps, expired.map(({ message }) => message));
    let forgotten = 0;
    let repeats = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.outcome === 'forgotten') forgotten += 1;
      else if (outcome.outcome === 'repeat') repeats += 1;
      else {
        const { sequenceNumber } = expired[index] as (typeof expired)[number];
        log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: outcome.id, sequence_number: sequenceNumber, error: outcome.error }, 'could not subtract an expired message; the batch retries it');
        failed.push(sequenceNumber);
      }
    });
    log.info({ records: event.Records.length, forgotten, repeats, failed: failed.length }, 'expired messages subtracted from the metrics');
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

import { LogCode, batchResponse, forgetExpiredMessages, type Message } from '@rez-agent/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readExpiredRecord } from './expired-record';
import type { StreamDeps } from './types';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Pick<Context, 'awsRequestId'>) => Promise<DynamoDBBatchResponse>;

/**
 * Keeps the metrics exact after retention. The event source mapping's filter passes only TTL
 * deletions, and this checks again (a mapping without the filter must not subtract user deletes
 * or new items). Each expired message is subtracted once (core's forgetExpiredMessages).
 *
 * Failures are reported per record (ReportBatchItemFailures): Lambda retries from the first one,
 * and since a repeat subtracts nothing, records that already succeeded are safe to see again. A
 * TTL deletion of a message without a usable old image is a failure too, so it ends in the
 * mapping's on-failure destination rather than being lost silently.
 */
export function makeHandler(deps: StreamDeps): StreamHandler {
  return async (event, context) => {
    const log = deps.logger.child({ request_id: context.awsRequestId });
    const failed: string[] = [];
    const expired: { sequenceNumber: string; message: Message }[] = [];
    for (const record of event.Records) {
      const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
      const reading = readExpiredRecord(record);
      if (reading.kind === 'expired') expired.push({ sequenceNumber, message: reading.message });
      if (reading.kind !== 'unreadable') continue;
      log.error({ code: LogCode.RECORD_MALFORMED, sequence_number: sequenceNumber, ...(reading.error ? { error: reading.error } : {}) }, reading.reason);
      failed.push(sequenceNumber);
    }

    const outcomes = await forgetExpiredMessages(deps, expired.map(({ message }) => message));
    outcomes.forEach((outcome, index) => {
      if (outcome.outcome !== 'failed') return;
      const { sequenceNumber } = expired[index] as (typeof expired)[number];
      log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: outcome.id, sequence_number: sequenceNumber, error: outcome.error }, 'could not subtract an expired message; the batch retries it');
      failed.push(sequenceNumber);
    });
    const count = (kind: string) => outcomes.filter((outcome) => outcome.outcome === kind).length;
    log.info({ records: event.Records.length, forgotten: count('forgotten'), repeats: count('repeat'), failed: failed.length }, 'expired messages subtracted from the metrics');
    return batchResponse(failed);
  };
}

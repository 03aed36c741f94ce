import { ConfigError, LogCode, countStreamChanges, messageChangesOf } from '@rez-agent/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamDeps } from './types';

/**
 * What Lambda hands a stream function whose mapping has a tumbling window: the records of one
 * shard, and the shard's id (only with `TumblingWindowInSeconds`, which the stack sets).
 */
export type TableStreamEvent = Pick<DynamoDBStreamEvent, 'Records'> & { shardId?: string };

export type StreamHandler = (event: TableStreamEvent, context: Pick<Context, 'awsRequestId'>) => Promise<DynamoDBBatchResponse>;

/**
 * Keeps the metrics exact off the table's stream (NEW_AND_OLD_IMAGES): every insert, status
 * change and deletion (TTL expiry included) of a message item is counted once, in one
 * conditional write per batch that also moves the shard's checkpoint (core's
 * countStreamChanges), so a retried, replayed or bisected batch adds nothing twice.
 *
 * A record whose images cannot be read is logged and skipped: it counts for nothing, and
 * holding the shard back would stop every count after it. Any other failure fails the whole
 * batch (nothing of it was applied), so Lambda retries it.
 */
export function makeHandler(deps: StreamDeps): StreamHandler {
  return async (event, context) => {
    const log = deps.logger.child({ request_id: context.awsRequestId });
    const shard = event.shardId;
    if (!shard) {
      // Without the shard id a checkpoint cannot be kept; counting anyway could count twice.
      throw new ConfigError(['the stream event has no shardId: the event source mapping needs TumblingWindowInSeconds']);
    }
    const { changes, malformed } = messageChangesOf(event.Records);
    for (const sequence of malformed) {
      log.error({ code: LogCode.RECORD_MALFORMED, sequence_number: sequence }, 'stream record without readable message images; not counted');
    }
    const result = await countStreamChanges(deps, shard, changes);
    log.info({ code: LogCode.METRICS_COUNTED, shard, records: event.Records.length, ...result }, 'stream batch counted into the metrics');
    return { batchItemFailures: [] };
  };
}

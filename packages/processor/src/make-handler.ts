import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LogCode, batchResponse, settleEach, type DeliverMessageDeps } from '@rez-agent/core';
import { invocationDeadline } from './deadline';
import { deliverRecord } from './deliver-record';
import { readQueueRecord, type QueuedMessageRef } from './queue-record';
import type { ProcessorDeps } from './types';

export type ProcessorHandler = (event: SQSEvent, context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>) => Promise<SQSBatchResponse>;

/**
 * The processor: delivers every record of an SQS batch and reports the ones to hand out again
 * as `batchItemFailures` (the event source mapping needs ReportBatchItemFailures). A malformed
 * record fails alone and, after maxReceiveCount, lands in the DLQ. Copies of one message in a
 * batch share one delivery (one claim, one outcome), whichever copy reaches DynamoDB first.
 */
export function makeHandler(deps: ProcessorDeps): ProcessorHandler {
  return async (event, context) => {
    const session = await deps.session().catch((error: unknown) => {
      deps.logger.error({ code: LogCode.UNEXPECTED_ERROR, request_id: context.awsRequestId, records: event.Records.length, error }, 'could not prepare delivery (ntfy token?); every record of the batch will come back');
    });
    if (!session) return batchResponse(event.Records.map((record) => record.messageId));
    const log = (record: SQSRecord) => session.logger.child({ request_id: context.awsRequestId, sqs_message_id: record.messageId });
    const delivery: DeliverMessageDeps = {
      ...deps.settings,
      repository: deps.repository,
      clock: deps.clock,
      notifier: session.notifier,
      queue: deps.queue,
    };
    const signal = invocationDeadline(context, deps.settings.deadlineMarginMs);

    // The first record of each message is delivered; the others wait for its outcome.
    const firsts = new Map<string, { record: SQSRecord; message: QueuedMessageRef }>();
    const messageOf = new Map<SQSRecord, string>();
    for (const record of event.Records) {
      const reading = readQueueRecord(record);
      if (!reading.ok) {
        log(record).warn({ code: LogCode.RECORD_MALFORMED, body_chars: record.body.length, receive_count: record.attributes.ApproximateReceiveCount }, `malformed queue record: ${reading.reason}`);
        continue;
      }
      const { id } = reading.message;
      messageOf.set(record, id);
      const first = firsts.get(id);
      if (first) log(record).info({ code: LogCode.MESSAGE_DUPLICATE, message_id: id, duplicate_of: first.record.messageId }, 'a second copy of a message in this batch; it shares the first copy’s outcome');
      else firsts.set(id, { record, message: reading.message });
    }

    const deliveries = [...firsts.values()];
    const settled = await settleEach(deliveries, deps.settings.concurrency, ({ record, message }) => deliverRecord(delivery, record, message, signal, log(record)));
    const done = new Set(settled.flatMap((outcome, index) => (outcome.status === 'fulfilled' && outcome.value ? [deliveries[index]?.message.id] : [])));
    return batchResponse(event.Records.filter((record) => !done.has(messageOf.get(record))).map((record) => record.messageId));
  };
}

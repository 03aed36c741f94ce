import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import pLimit from 'p-limit';
import { LogCode, type DeliverMessageDeps } from '@rez-agent/core';
import { invocationDeadline } from './deadline';
import { deliverRecord } from './deliver-record';
import type { ProcessorDependencies } from './processor-dependencies';
import { readQueueRecord } from './queue-record';

export type ProcessorHandler = (event: SQSEvent, context: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>) => Promise<SQSBatchResponse>;

/**
 * The processor: delivers every record of an SQS batch and reports the ones to hand out again
 * as `batchItemFailures` (the event source mapping needs ReportBatchItemFailures). A malformed
 * record fails alone and, after maxReceiveCount, lands in the DLQ.
 */
export function makeHandler(deps: ProcessorDependencies): ProcessorHandler {
  return async (event, context) => {
    const failures = (records: readonly SQSRecord[]): SQSBatchResponse => ({
      batchItemFailures: records.map((record) => ({ itemIdentifier: record.messageId })),
    });
    let session;
    try {
      session = await deps.session();
    } catch (error) {
      deps.logger.error(
        { code: LogCode.UNEXPECTED_ERROR, request_id: context.awsRequestId, records: event.Records.length, error },
        'could not prepare delivery (ntfy token?); every record of the batch will come back',
      );
      return failures(event.Records);
    }
    const { logger } = session;
    const delivery: DeliverMessageDeps = {
      repository: deps.repository,
      clock: deps.clock,
      notifier: session.notifier,
      leaseSeconds: deps.settings.leaseSeconds,
      maxReceiveCount: deps.settings.maxReceiveCount,
    };
    const signal = invocationDeadline(context, deps.settings.deadlineMarginMs);
    // p-limit rather than a home-made pool: the bound is its whole job and it is well kept.
    const limit = pLimit(deps.settings.concurrency);
    // Copies of one message in one batch share the first copy's delivery: one claim, one
    // outcome, so the batch's answer does not depend on which copy reaches DynamoDB first.
    const byMessage = new Map<string, { sqsMessageId: string; done: Promise<boolean> }>();

    const settle = (record: SQSRecord): Promise<boolean> => {
      const log = logger.child({ request_id: context.awsRequestId, sqs_message_id: record.messageId });
      const reading = readQueueRecord(record);
      if (!reading.ok) {
        log.warn(
          { code: LogCode.RECORD_MALFORMED, body_chars: record.body.length, receive_count: record.attributes.ApproximateReceiveCount },
          `malformed queue record: ${reading.reason}`,
        );
        return Promise.resolve(false);
      }
      const { message } = reading;
      const first = byMessage.get(message.id);
      if (first) {
        log.info(
          { code: LogCode.MESSAGE_DUPLICATE, message_id: message.id, correlation_id: message.correlation_id, duplicate_of: first.sqsMessageId },
          'a second copy of a message in this batch; it shares the first copy’s outcome',
        );
        return first.done;
      }
      const done = limit(() => deliverRecord(delivery, record, message, signal, log));
      byMessage.set(message.id, { sqsMessageId: record.messageId, done });
      return done;
    };

    const settled = await Promise.all(event.Records.map(settle));
    return failures(event.Records.filter((_, index) => !settled[index]));
  };
}

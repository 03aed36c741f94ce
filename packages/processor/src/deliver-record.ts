import type { SQSRecord } from 'aws-lambda';
import { LogCode, deliverMessage, type DeliverMessageDeps, type Logger } from '@rez-agent/core';
import type { QueuedMessageRef } from './queue-record';

/** Lambda always sets ApproximateReceiveCount; read a missing or odd one as a first receive. */
export function receiveCountOf(record: SQSRecord): number {
  const count = Number(record.attributes.ApproximateReceiveCount);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

/**
 * Delivers the message of one well-formed record and says whether the record is done with
 * (true) or must come back (false). Never throws: an unexpected error (DynamoDB throttling,
 * say) fails this record only, and is logged.
 */
export async function deliverRecord(
  deps: DeliverMessageDeps,
  record: SQSRecord,
  message: QueuedMessageRef,
  signal: AbortSignal,
  recordLogger: Logger,
): Promise<boolean> {
  const log = recordLogger.child({ message_id: message.id, ...(message.correlationId ? { correlation_id: message.correlationId } : {}) });
  const receiveCount = receiveCountOf(record);
  try {
    const outcome = await deliverMessage(deps, { id: message.id, receiveCount, signal });
    if (outcome.route === 'lease-taken-over') {
      log.warn({ code: LogCode.MESSAGE_LEASE_TAKEN_OVER, receive_count: receiveCount }, 'took over an expired processing lease');
    }
    const fields = {
      code: outcome.code,
      outcome: outcome.kind,
      receive_count: receiveCount,
      ...(outcome.status ? { status: outcome.status } : {}),
      ...(outcome.route ? { route: outcome.route } : {}),
      ...(outcome.notificationId ? { notification_id: outcome.notificationId } : {}),
    };
    if (outcome.kind === 'acknowledged') log.info(fields, outcome.reason);
    else log.warn(fields, outcome.reason);
    return outcome.kind === 'acknowledged';
  } catch (error) {
    log.error({ code: LogCode.UNEXPECTED_ERROR, receive_count: receiveCount, error }, 'delivery failed unexpectedly; the record will come back');
    return false;
  }
}

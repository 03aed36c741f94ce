import type { SQSRecord } from 'aws-lambda';
import { parseQueueRecordBody } from '@rez-agent/core';

/** What the processor takes from a record: the message id, and its correlation id for logs when it has one. */
export interface QueuedMessageRef {
  id: string;
  correlationId?: string;
}

export type QueueRecordReading = { ok: true; message: QueuedMessageRef } | { ok: false; reason: string };

/** Reasons are logged; a huge or hostile body must not turn into a huge log line. */
const MAX_REASON_CHARS = 500;

/**
 * The message a record names. The queue is subscribed to the SNS topic, so a body is normally
 * the SNS envelope with the message JSON in `Message`; a record sent to the queue directly (or
 * with raw message delivery) carries the message JSON itself. Only the id is relied on (delivery
 * reads the message from the table), so fields a newer publisher adds are ignored.
 */
export function readQueueRecord(record: SQSRecord): QueueRecordReading {
  try {
    const body = parseQueueRecordBody(unwrapSns(parseJson(record.body, 'the body')));
    const correlationId = typeof body.correlation_id === 'string' ? truncate(body.correlation_id) : undefined;
    return { ok: true, message: { id: body.id, ...(correlationId ? { correlationId } : {}) } };
  } catch (error) {
    return { ok: false, reason: truncate(error instanceof Error ? error.message : String(error)) };
  }
}

function unwrapSns(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('Type' in body)) return body;
  const envelope = body as { Type: unknown; Message?: unknown };
  if (envelope.Type !== 'Notification') throw new Error(`an SNS ${String(envelope.Type)} is not a message`);
  if (typeof envelope.Message !== 'string') throw new Error('the SNS envelope has no Message text');
  return parseJson(envelope.Message, 'the SNS Message');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${what} is not JSON (${text.length} chars): ${(error as Error).message}`, { cause: error });
  }
}

function truncate(text: string): string {
  return text.length <= MAX_REASON_CHARS ? text : `${text.slice(0, MAX_REASON_CHARS)}… (${text.length} chars)`;
}

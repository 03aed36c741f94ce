import type { Message } from '../../message/message';
import type { IdempotencyClaim, IdempotencyRecord, LeaseMove } from '../../ports/message-repository';

/*
 * One item per idempotency key, beside the message it points to:
 *   pk `IDEM#<key>`, sk `IDEM`, message_id, ttl (the message's),
 *   fingerprint, state (`in_progress` | `completed`), lease_expires_at (while in progress).
 * Written in the message's save transaction; afterwards only the two conditional updates below
 * touch it. Items from before fingerprints have only message_id and ttl: read as completed.
 */

export const idempotencyItemKey = (key: string) => ({ pk: `IDEM#${key}`, sk: 'IDEM' });

const IN_PROGRESS = 'in_progress';
const COMPLETED = 'completed';

/** The key's item for a new message: in progress under `claim`, or, without one, plain (read as completed). */
export function newIdempotencyItem(key: string, message: Message, claim: IdempotencyClaim | undefined): Record<string, unknown> {
  return {
    ...idempotencyItemKey(key),
    message_id: message.id,
    // Expires with the message it points to.
    ttl: message.ttl,
    ...(claim ? { fingerprint: claim.fingerprint, state: IN_PROGRESS, lease_expires_at: claim.leaseExpiresAt.toISOString() } : {}),
  };
}

/** The record held in a stored key item; undefined when the item names no message. */
export function idempotencyRecordOf(item: Record<string, unknown> | undefined): IdempotencyRecord | undefined {
  const messageId = item?.message_id;
  if (typeof messageId !== 'string') return undefined;
  const inProgress = item?.state === IN_PROGRESS;
  return {
    messageId,
    ...(typeof item?.fingerprint === 'string' ? { fingerprint: item.fingerprint } : {}),
    state: inProgress ? IN_PROGRESS : COMPLETED,
    ...(inProgress && typeof item?.lease_expires_at === 'string' ? { leaseExpiresAt: item.lease_expires_at } : {}),
  };
}

/** UpdateItem parts: the record becomes completed, only if it is the one of `messageId`. */
export function completeUpdate(messageId: string) {
  return {
    UpdateExpression: 'SET #state = :completed REMOVE lease_expires_at',
    ConditionExpression: 'message_id = :id',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':completed': COMPLETED, ':id': messageId },
  };
}

/** UpdateItem parts: the lease moves, only if the record is still in progress under the lease read. */
export function leaseMoveUpdate(move: LeaseMove) {
  return {
    UpdateExpression: 'SET lease_expires_at = :to',
    ConditionExpression: '#state = :in_progress AND lease_expires_at = :from',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':in_progress': IN_PROGRESS, ':from': move.from, ':to': move.to.toISOString() },
  };
}

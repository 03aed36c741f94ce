import type { DeliveryAttempt } from '../../message/attempt';
import type { Message } from '../../message/message';
import { LIST_INDEXES, TABLE, indexKeyAttributes } from '../../table';

/** The primary key of a message item. */
export interface MessageKey {
  pk: string;
  sk: string;
}

const MESSAGE_PREFIX = 'MSG#';
const MESSAGE_SORT_KEY = 'MSG';
const ATTEMPT_PREFIX = 'ATT#';

export const messageKey = (id: string): MessageKey => ({ pk: `${MESSAGE_PREFIX}${id}`, sk: MESSAGE_SORT_KEY });

/** An attempt lives beside its message (same partition), numbered so that they sort oldest first. */
export const attemptKey = (id: string, attempt: number): MessageKey => ({
  pk: `${MESSAGE_PREFIX}${id}`,
  sk: `${ATTEMPT_PREFIX}${String(attempt).padStart(6, '0')}`,
});
export const ATTEMPT_SORT_PREFIX = ATTEMPT_PREFIX;

/**
 * Whether a stored item (e.g. a stream record's image) is a message, not an attempt, a metrics
 * slot or an idempotency key.
 */
export const isMessageItem = (item: Record<string, unknown>): boolean => {
  const pk = item[TABLE.partitionKey];
  return typeof pk === 'string' && pk.startsWith(MESSAGE_PREFIX) && item[TABLE.sortKey] === MESSAGE_SORT_KEY;
};

/** When a scheduled message's delayed record was sent: the due tick's bookkeeping, not part of the message. */
export const DISPATCHED_AT = 'dispatched_at';

/** Attributes that exist for the table's sake and never leave the adapter. */
const INTERNAL_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE.partitionKey,
  TABLE.sortKey,
  ...LIST_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey].filter((name) => name !== 'id')),
  DISPATCHED_AT,
]);

/** Drops undefined fields ourselves so the adapter works with any injected DocumentClient. */
const defined = (record: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

/** The stored item of a new message: its fields plus every index attribute. */
export function toMessageItem(message: Message, dispatchedAt?: string): Record<string, unknown> {
  return {
    ...defined(message),
    ...messageKey(message.id),
    ...indexKeyAttributes(message),
    ...(dispatchedAt === undefined ? {} : { [DISPATCHED_AT]: dispatchedAt }),
  };
}

/** The message held in a stored item: the one place internal attributes are stripped. */
export function fromMessageItem(item: Record<string, unknown>): Message {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL_ATTRIBUTES.has(name))) as unknown as Message;
}

export function toAttemptItem(message: Pick<Message, 'id' | 'ttl'>, attempt: DeliveryAttempt): Record<string, unknown> {
  return { ...defined(attempt), ...attemptKey(message.id, attempt.attempt), ttl: message.ttl };
}

export function fromAttemptItem(item: Record<string, unknown>): DeliveryAttempt {
  const { pk: _pk, sk: _sk, ttl: _ttl, ...attempt } = item;
  return attempt as unknown as DeliveryAttempt;
}

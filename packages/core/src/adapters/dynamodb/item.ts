import type { Message, MessageStatus } from '../../message/message';
import { LIST_INDEXES, PENDING_INDEX, PENDING_STATUSES, TABLE, listKeyAttributes } from '../../table';

/** The primary key of a message item. */
export interface MessageKey {
  pk: string;
  sk: 'MSG';
}

const MESSAGE_PREFIX = 'MSG#';

export const messageKey = (id: string): MessageKey => ({ pk: `${MESSAGE_PREFIX}${id}`, sk: 'MSG' });

/**
 * Whether a stored item (e.g. a stream record's image) is a message, not a counter shard, an
 * idempotency key or an expiry marker.
 */
export const isMessageItem = (item: Record<string, unknown>): boolean => {
  const pk = item[TABLE.partitionKey];
  return typeof pk === 'string' && pk.startsWith(MESSAGE_PREFIX) && item[TABLE.sortKey] === 'MSG';
};

/**
 * Bumped by every write to a message item, so a transition can tell "still the item I read"
 * from "back in the same status after other changes" and compute its result exactly.
 */
export const REVISION = 'revision';

/** Attributes that exist for the table's sake and never leave the adapter. */
const INTERNAL_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE.partitionKey,
  TABLE.sortKey,
  ...LIST_INDEXES.map((index) => index.partitionKey),
  PENDING_INDEX.partitionKey,
  PENDING_INDEX.sortKey,
  REVISION,
]);

export const isPendingStatus = (status: MessageStatus): boolean => PENDING_STATUSES.includes(status);

/** The sort key of the stuck-message index: oldest first, unique per message. */
export const pendingSince = (updatedDate: string, id: string): string => `${updatedDate}#${id}`;

/** The sparse-index attributes of a message in a waiting status; none otherwise. */
export function pendingAttributes(status: MessageStatus, updatedDate: string, id: string): Record<string, string> {
  if (!isPendingStatus(status)) return {};
  return { [PENDING_INDEX.partitionKey]: status, [PENDING_INDEX.sortKey]: pendingSince(updatedDate, id) };
}

/** The stored item of a new message: its fields plus every key attribute the table needs. */
export function toMessageItem(message: Message): Record<string, unknown> {
  // Drop undefined fields ourselves so the adapter works with any injected DocumentClient,
  // including one without `removeUndefinedValues`.
  const fields = Object.fromEntries(Object.entries(message).filter(([, value]) => value !== undefined));
  return {
    ...fields,
    ...messageKey(message.id),
    ...listKeyAttributes(message),
    ...pendingAttributes(message.status, message.updated_date, message.id),
    [REVISION]: 0,
  };
}

/** The message held in a stored item: the one place internal attributes are stripped. */
export function fromMessageItem(item: Record<string, unknown>): Message {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !INTERNAL_ATTRIBUTES.has(name))) as unknown as Message;
}

/** The revision of a stored message item (every item gets one on save). */
export const revisionOf = (item: Record<string, unknown>): number => Number(item[REVISION]);

import { InvalidTransitionError } from '../errors';
import { MAX_ERROR_MESSAGE_CHARS, type Message, type MessageStatus } from './message';

/**
 * Every allowed status change. Anything not listed is refused.
 * scheduled → queued releases a due message, scheduled → processing is a claim of a due message
 * whose delayed record arrived; processing → queued is a transient failure that will be retried;
 * queued → failed is giving up; failed → queued is a manual retry. Cancelling is possible only
 * before a delivery starts, and a cancelled message is final.
 */
export const TRANSITIONS: Readonly<Record<MessageStatus, readonly MessageStatus[]>> = {
  scheduled: ['queued', 'processing', 'cancelled'],
  created: ['queued', 'cancelled'],
  queued: ['processing', 'failed', 'cancelled'],
  processing: ['completed', 'failed', 'queued'],
  completed: [],
  failed: ['queued'],
  cancelled: [],
};

/** The statuses a cancel may start from: those the state machine lets go to `cancelled`. */
export const CANCELLABLE_STATUSES: readonly MessageStatus[] = (Object.keys(TRANSITIONS) as MessageStatus[]).filter(
  (status) => TRANSITIONS[status].includes('cancelled'),
);

/** Fields a transition may carry besides the status and its timestamps. */
export interface TransitionChanges {
  attempts?: number;
  error_message?: string;
  notification_id?: string;
}

/** The exact attribute changes of one transition: what to set and what to remove. */
export interface TransitionPlan {
  set: Partial<Message>;
  remove: OptionalMessageField[];
}

/** The message fields that may be absent, the only ones a transition can remove. */
export type OptionalMessageField = {
  [K in keyof Message]-?: undefined extends Message[K] ? K : never;
}[keyof Message];

const STAMP: Partial<Record<MessageStatus, keyof Message>> = {
  queued: 'queued_at',
  processing: 'processing_started_at',
  completed: 'completed_at',
  failed: 'failed_at',
  cancelled: 'cancelled_at',
};

export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: MessageStatus, to: MessageStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}

/**
 * The one place that decides what a status change writes: the new status, its timestamp,
 * updated_date, and the carried changes. A completed message loses any earlier error; a
 * manually retried one loses its failure stamp and reason.
 */
export function planTransition(
  from: MessageStatus,
  to: MessageStatus,
  at: Date,
  changes: TransitionChanges = {},
): TransitionPlan {
  assertTransition(from, to);
  const iso = at.toISOString();
  const set: Partial<Message> = { status: to, updated_date: iso };
  const stamp = STAMP[to];
  if (stamp) (set as Record<string, unknown>)[stamp] = iso;
  if (changes.attempts !== undefined) set.attempts = changes.attempts;
  if (changes.notification_id !== undefined) set.notification_id = changes.notification_id;
  if (changes.error_message !== undefined) set.error_message = boundedErrorMessage(changes.error_message);
  const remove: OptionalMessageField[] = [];
  if (to === 'completed' && changes.error_message === undefined) remove.push('error_message');
  if (from === 'failed' && to === 'queued') {
    remove.push('failed_at');
    if (changes.error_message === undefined) remove.push('error_message');
  }
  return { set, remove };
}

/**
 * Reasons come from outside (ntfy's error text, any thrown error) and are unbounded; a longer one
 * would make the stored message break its own schema (the processor then refuses every
 * republished record of it) or push the item past DynamoDB's size limit.
 */
function boundedErrorMessage(reason: string): string {
  const chars = Array.from(reason);
  return chars.length <= MAX_ERROR_MESSAGE_CHARS ? reason : `${chars.slice(0, MAX_ERROR_MESSAGE_CHARS - 1).join('')}…`;
}

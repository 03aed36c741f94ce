import type { DeliveryAttempt } from '../message/attempt';
import type { Message, MessageStatus, MessageType, Stage } from '../message/message';
import type { TransitionChanges } from '../message/state-machine';

/**
 * What an idempotency key records about the first request that used it
 * (draft-ietf-httpapi-idempotency-key-header): which message it stored, a fingerprint of its
 * content, and whether its work (store, publish, queue) is finished.
 */
export interface IdempotencyRecord {
  messageId: string;
  /** The first request's content fingerprint; absent on records written before fingerprints. */
  fingerprint?: string;
  /** `in_progress` until the request holding the key has published and queued the message. */
  state: 'in_progress' | 'completed';
  /** While in progress: when the holder's claim lapses, so a repeat may take the work over (ISO 8601). */
  leaseExpiresAt?: string;
}

/** Stored with a new message that has an idempotency_key: its request, held in progress until `leaseExpiresAt`. */
export interface IdempotencyClaim {
  fingerprint: string;
  leaseExpiresAt: Date;
}

export type SaveResult =
  | { message: Message; created: true }
  /** An earlier save with the same idempotency_key already stored `message`; nothing new was stored. */
  | { message: Message; created: false; idempotency: IdempotencyRecord };

export interface LeaseMove {
  /** The message's idempotency_key. */
  key: string;
  /** The lease expiry the caller read; the move fails if the record changed since. */
  from: string;
  to: Date;
}

export interface SaveOptions {
  /** A scheduled message whose delayed record is sent right after the save: the tick leaves it alone. */
  dispatchedAt?: Date;
}

export interface ListQuery {
  stage?: Stage;
  status?: MessageStatus;
  message_type?: MessageType;
  /** Page size, 1..1000. */
  limit: number;
  /** The opaque `next_cursor` of the previous page. */
  cursor?: string;
}

export interface MessagePage {
  /** Newest first. */
  messages: Message[];
  /** Present when there may be more; pass it back as `cursor`. */
  next_cursor?: string;
}

export interface TransitionRequest {
  id: string;
  from: MessageStatus;
  to: MessageStatus;
  at: Date;
  changes?: TransitionChanges;
  /**
   * Only when the message is still under this lease (its processing_started_at): a worker
   * closing its own delivery must not overwrite the outcome of one that took the lease over.
   */
  expectedProcessingStartedAt?: string;
}

export interface LeaseTakeover {
  id: string;
  /** The processing_started_at of the lease being taken over; the write fails if it changed. */
  expectedStartedAt: string;
  at: Date;
}

export interface StaleQuery {
  status: 'created' | 'queued' | 'processing';
  /** Messages whose updated_date is older than this. */
  updatedBefore: Date;
  limit: number;
}

export interface DueQuery {
  /** Scheduled messages due before this time. */
  dueBefore: Date;
  /**
   * Also those already handed to the queue whose due time is older than this: their delayed
   * record was lost (a failed send, a record dead-lettered), so they are handed over again.
   */
  lostBefore: Date;
  limit: number;
}

export interface Metrics {
  total: number;
  by_status: Record<MessageStatus, number>;
  by_stage: Record<Stage, number>;
  by_type: Record<MessageType, number>;
}

/** Where messages live. Every status change is a conditional write on the current status. */
export interface MessageRepository {
  /**
   * Stores a new message; never overwrites. With an idempotency_key the key's record is stored in
   * the same write (in progress under `claim`, when given); when the key was used before, nothing
   * is stored and the first message is returned with the key's record (created=false). Throws
   * MessageExistsError when the id is taken, ConflictError when the key's message no longer exists.
   */
  save(message: Message, claim?: IdempotencyClaim, options?: SaveOptions): Promise<SaveResult>;
  /** Marks the key's record completed; ConflictError unless it belongs to `messageId`. */
  completeIdempotency(key: string, messageId: string): Promise<void>;
  /**
   * Moves the lease of a record still in progress from `from` to `to`: a repeat taking over work
   * whose holder is gone, or a holder releasing it after a failure. false when the record is no
   * longer in progress under `from` (someone else moved it, or it completed): of two concurrent
   * moves exactly one wins.
   */
  moveIdempotencyLease(move: LeaseMove): Promise<boolean>;
  get(id: string): Promise<Message | undefined>;
  /** Newest first, filtered by any of stage/status/message_type; throws ValidationError on a bad cursor. */
  list(query: ListQuery): Promise<MessagePage>;
  /**
   * Moves a message from `from` to `to` (refused by the state machine otherwise). Throws
   * NotFoundError when there is no such message and ConflictError (with the current status)
   * when its status is no longer `from` (or the lease is no longer the expected one): of two
   * concurrent transitions exactly one wins.
   */
  transition(request: TransitionRequest): Promise<Message>;
  /** Re-stamps processing_started_at of a message still in processing with the expected lease. */
  takeOverLease(request: LeaseTakeover): Promise<Message>;
  /** Messages in created/queued/processing since before a time (updated_date), oldest first, bounded; no Scan. */
  findStale(query: StaleQuery): Promise<Message[]>;
  /**
   * Scheduled messages that are due before `dueBefore` and not yet handed to the queue (or
   * whose hand-over was lost), earliest due first, bounded; no Scan.
   */
  findDue(query: DueQuery): Promise<Message[]>;
  /**
   * Notes that a scheduled message's delayed record was sent, so the next tick leaves it alone.
   * False when it is no longer scheduled (cancelled, or already delivered).
   */
  markDispatched(id: string, at: Date): Promise<boolean>;
  /** Stores one delivery attempt of a message; it expires with the message. */
  recordAttempt(message: Pick<Message, 'id' | 'ttl'>, attempt: DeliveryAttempt): Promise<void>;
  /** A message's attempts, oldest first. */
  listAttempts(id: string): Promise<DeliveryAttempt[]>;
  /** Exact counts (up to the stream consumer's lag of seconds), read at a cost that does not grow with the table. */
  metrics(): Promise<Metrics>;
}

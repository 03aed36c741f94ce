import { createHash } from 'node:crypto';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError } from '../errors';
import type { Clock, IdGenerator } from '../message/clock';
import { buildMessage } from '../message/factory';
import type { Message, NewMessage, Stage } from '../message/message';
import type { DeliveryQueue } from '../ports/delivery-queue';
import type { MessagePublisher } from '../ports/message-publisher';
import type { IdempotencyRecord, MessageRepository, SaveOptions } from '../ports/message-repository';
import { secondsUntilDue, withinQueueDelay } from './dispatch-scheduled';
import { publishAndQueue } from './publish-message';

/**
 * How long the request holding an idempotency key is trusted to be at work: longer than any
 * function that creates messages may run (webapi 15 s, scheduler 60 s), so a holder whose claim
 * has lapsed is gone and a repeat may take its work over without a second publisher alive.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 120;
/** What a repeat that meets work in progress is told to wait: the holder is usually done in milliseconds. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

export interface CreateMessageDeps {
  repository: MessageRepository;
  publisher: MessagePublisher;
  /** The processor's queue, for scheduled messages due within 15 minutes. */
  queue: DeliveryQueue;
  clock: Clock;
  ids: IdGenerator;
  stage: Stage;
  ttlDays: number;
}

export interface CreateMessageResult {
  message: Message;
  /** false when the idempotency key matched an earlier message: nothing new was stored. */
  created: boolean;
}

/**
 * A fingerprint of what a create asks for, defaults applied, so the same request written
 * differently (key order, whitespace, a default spelled out) is the same request.
 */
export function contentFingerprint(message: Message, requestedDelivery?: string): string {
  const content = [message.message_type, message.payload, message.title ?? null, message.priority, message.tags, message.click ?? null, message.markdown, requestedDelivery ?? null];
  return createHash('sha256').update(JSON.stringify(content), 'utf8').digest('base64url');
}

/**
 * Stores a new message and sets it on its way (see `dispatch`). With an idempotency key the key's
 * record says how far its first request got (draft-ietf-httpapi-idempotency-key-header):
 * - a repeat with different content is refused (IdempotencyKeyReusedError), nothing stored;
 * - a repeat while the first request is at work is refused (IdempotencyKeyInProgressError), so
 *   only the holder of the key publishes;
 * - a repeat after it finished returns the first message, nothing published;
 * - a repeat after the holder failed (it released the key) or died (its lease lapsed) takes the
 *   work over with a conditional write and publishes the stored message: one taker wins.
 * A message left in created by a crash is also published by the sweep; a scheduled one whose
 * record was never sent is sent by the due-message tick once it is overdue.
 */
/**
 * `requestedDelivery` is the delivery time as the request asked for it (`delay:15m`, or the
 * instant of a `deliver_at`): part of what a repeated key is compared on, while the resolved
 * time differs between a request and its retry when it was given as a delay. `fingerprint`
 * replaces the content's when the request is not the content (a trigger names a schedule, whose
 * message may change between the request and its retry).
 */
export async function createMessage(deps: CreateMessageDeps, input: NewMessage, requestedDelivery?: string, fingerprint?: string): Promise<CreateMessageResult> {
  const draft = buildMessage(input, { stage: deps.stage, clock: deps.clock, ids: deps.ids, ttlDays: deps.ttlDays });
  const key = draft.idempotency_key;
  const options = saveOptions(draft, deps.clock.now());
  if (key === undefined) {
    await deps.repository.save(draft, undefined, options);
    return { message: await dispatch(deps, draft), created: true };
  }
  const requested = fingerprint ?? contentFingerprint(draft, requestedDelivery);
  const lease = leaseFrom(deps.clock.now());
  const saved = await deps.repository.save(draft, { fingerprint: requested, leaseExpiresAt: lease }, options);
  if (saved.created) return { message: await publishHolding(deps, saved.message, key, lease), created: true };

  const { message, idempotency } = saved;
  if (idempotency.fingerprint !== undefined && idempotency.fingerprint !== requested) {
    throw new IdempotencyKeyReusedError(`idempotency key ${key} was first used with different content`);
  }
  // Done once the message left created, whoever published it (the holder, a taker, the sweep);
  // a scheduled one is the tick's from here.
  if (idempotency.state === 'completed' || message.status !== 'created') return { message, created: false };
  return { message: await takeOver(deps, message, key, idempotency), created: false };
}

/**
 * Now: publish and mark queued. Later: it stays `scheduled`; due within SQS's 15-minute delay,
 * its record goes straight to the queue with the delay left (and the save marked it dispatched,
 * so the tick leaves it alone); further out, the due-message tick sends it when its time nears.
 */
async function dispatch(deps: CreateMessageDeps, message: Message): Promise<Message> {
  if (message.status !== 'scheduled') return publishAndQueue(deps, message);
  if (withinQueueDelay(message, deps.clock.now())) await deps.queue.sendDelayed(message, secondsUntilDue(message, deps.clock.now()));
  return message;
}

function saveOptions(message: Message, now: Date): SaveOptions {
  return message.status === 'scheduled' && withinQueueDelay(message, now) ? { dispatchedAt: now } : {};
}

const leaseFrom = (now: Date): Date => new Date(now.getTime() + IDEMPOTENCY_LEASE_SECONDS * 1000);

/** A repeat meeting work in progress: refused while the holder's lease runs, else the work is taken over. */
async function takeOver(deps: CreateMessageDeps, message: Message, key: string, record: IdempotencyRecord): Promise<Message> {
  const now = deps.clock.now();
  const expires = record.leaseExpiresAt;
  const lease = leaseFrom(now);
  const lapsed = expires !== undefined && Date.parse(expires) <= now.getTime();
  if (!lapsed || !(await deps.repository.moveIdempotencyLease({ key, from: expires, to: lease }))) {
    throw new IdempotencyKeyInProgressError(`the first request with idempotency key ${key} is still in progress`, IN_PROGRESS_RETRY_AFTER_SECONDS);
  }
  return publishHolding(deps, message, key, lease);
}

/**
 * Publishes and queues as the key's holder, then marks the key completed. On a failure the key
 * is released (its lease moved to now), so the client's retry takes the work over at once.
 */
async function publishHolding(deps: CreateMessageDeps, message: Message, key: string, lease: Date): Promise<Message> {
  let queued: Message;
  try {
    queued = await dispatch(deps, message);
  } catch (error) {
    // Best effort: if the release fails too, the lease lapses on its own.
    await deps.repository.moveIdempotencyLease({ key, from: lease.toISOString(), to: deps.clock.now() }).catch(() => false);
    throw error;
  }
  await deps.repository.completeIdempotency(key, message.id);
  return queued;
}

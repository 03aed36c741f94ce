import type { Clock } from '../message/clock';
import type { Message } from '../message/message';
import type { DeliveryQueue } from '../ports/delivery-queue';
import type { MessageRepository } from '../ports/message-repository';

/** The longest per-message delay SQS allows (SendMessage DelaySeconds). */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/**
 * Whole seconds until a message is due, rounded up (SQS delays are whole seconds), so a record
 * sent with this delay never becomes visible before `deliver_at`.
 */
export function secondsUntilDue(message: Pick<Message, 'deliver_at'>, now: Date): number {
  const due = Date.parse(message.deliver_at ?? '');
  if (Number.isNaN(due)) return 0;
  return Math.max(0, Math.ceil((due - now.getTime()) / 1000));
}

/** Whether a message is due within the reach of one SQS delay. */
export const withinQueueDelay = (message: Pick<Message, 'deliver_at'>, now: Date): boolean =>
  secondsUntilDue(message, now) <= MAX_QUEUE_DELAY_SECONDS;

export interface ReleaseDueDeps {
  repository: MessageRepository;
  queue: DeliveryQueue;
  clock: Clock;
}

export interface ReleaseDueOptions {
  /**
   * Messages due within this many seconds are handed over now with a delay. More than the tick's
   * period, so a tick that runs late still finds every message before it is due.
   */
  lookaheadSeconds: number;
  /** A handed-over message still scheduled this long after its due time lost its record: hand it over again. */
  lostAfterSeconds: number;
  limit: number;
}

/**
 * The release the periodic run (the sweep, every few minutes) makes: messages due within 14
 * minutes go out with their exact delay (SQS holds a record up to 15), so any run period under
 * 14 minutes delivers on time; a handed-over message still scheduled 2 minutes past its time
 * lost its record and goes again.
 */
export const DUE_RELEASE = { lookaheadSeconds: MAX_QUEUE_DELAY_SECONDS - 60, lostAfterSeconds: 120 } as const;

export interface ReleaseDueResult {
  /** Ids of the messages whose record was sent. */
  dispatched: string[];
  failures: { id: string; error: unknown }[];
}

/** Hand-overs run a few at a time: quick enough for the limit, gentle on SQS. */
const CONCURRENCY = 8;

/**
 * The due-message tick (every minute): scheduled messages due before the lookahead horizon are
 * sent straight to the processor's queue with the delay left (≤ 15 minutes), so each arrives on
 * time however long ago it was scheduled. Sent first, then marked: a failed send is tried again
 * by the next tick; a failed mark only means one more (harmless) copy of the record.
 */
export async function releaseDueMessages(deps: ReleaseDueDeps, options: ReleaseDueOptions): Promise<ReleaseDueResult> {
  const now = deps.clock.now();
  const due = await deps.repository.findDue({
    dueBefore: new Date(now.getTime() + options.lookaheadSeconds * 1000),
    lostBefore: new Date(now.getTime() - options.lostAfterSeconds * 1000),
    limit: options.limit,
  });
  const result: ReleaseDueResult = { dispatched: [], failures: [] };
  for (let start = 0; start < due.length; start += CONCURRENCY) {
    const batch = due.slice(start, start + CONCURRENCY);
    const outcomes = await Promise.allSettled(
      batch.map(async (message) => {
        await deps.queue.sendDelayed(message, Math.min(MAX_QUEUE_DELAY_SECONDS, secondsUntilDue(message, deps.clock.now())));
        await deps.repository.markDispatched(message.id, now);
      }),
    );
    outcomes.forEach((outcome, index) => {
      const { id } = batch[index] as Message;
      if (outcome.status === 'fulfilled') result.dispatched.push(id);
      else result.failures.push({ id, error: outcome.reason });
    });
  }
  return result;
}

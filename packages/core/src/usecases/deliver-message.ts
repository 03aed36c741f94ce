import { ConflictError, PermanentNotificationError, RetryableNotificationError } from '../errors';
import { LogCode } from '../log-messages';
import type { Message, MessageStatus } from '../message/message';
import type { TransitionChanges } from '../message/state-machine';
import type { DeliveryQueue } from '../ports/delivery-queue';
import type { AttemptReport, Notification, Notifier } from '../ports/notifier';
import { claimForDelivery, type ClaimDeps } from './claim-for-delivery';
import { acknowledged, retryLater, type ClaimRoute, type DeliveryOutcome } from './delivery-outcome';
import { MAX_QUEUE_DELAY_SECONDS } from './dispatch-scheduled';

export type { ClaimRoute, DeliveryOutcome } from './delivery-outcome';

export interface DeliverMessageDeps extends ClaimDeps {
  notifier: Notifier;
  /** The queue's redrive maxReceiveCount: the receive after which SQS dead-letters the record. */
  maxReceiveCount: number;
  /** Where a record that came before its message is due is sent back to, with the delay left. */
  queue?: DeliveryQueue;
}

export interface DeliverMessageRequest {
  id: string;
  /** The record's ApproximateReceiveCount. */
  receiveCount: number;
  /** Aborts the send (its retries and waits included) when the invocation runs out of time. */
  signal?: AbortSignal;
}

/** What ntfy is asked to show for a message. */
export function notificationOf(message: Message): Notification {
  return {
    payload: message.payload,
    ...(message.title !== undefined ? { title: message.title } : {}),
    priority: message.priority,
    tags: message.tags,
    ...(message.click !== undefined ? { click: message.click } : {}),
    markdown: message.markdown,
    sequence_id: message.id,
  };
}

/**
 * Delivers one message taken from the queue, at most once per message whatever the number of
 * copies of its record: the conditional claim (see claimForDelivery) lets one worker send,
 * and a completed or failed message is never sent again. Transient failures go back to
 * `queued` for SQS to redeliver, until the last receive, which fails the message for good (so
 * it never rots in the DLQ while still marked queued) and still reports the record as failed:
 * SQS then moves it to the DLQ, whose alarm tells an operator that deliveries are giving up.
 * A redriven copy finds the message failed and sends nothing; POST /retry is the way back.
 */
export async function deliverMessage(deps: DeliverMessageDeps, request: DeliverMessageRequest): Promise<DeliveryOutcome> {
  const { signal } = request;
  if (signal?.aborted) {
    return retryLater({ code: LogCode.MESSAGE_REQUEUED, reason: 'not claimed: the invocation has no time left to send' });
  }
  const claim = await claimForDelivery(deps, request.id);
  if (claim.kind === 'settled') return claim.outcome;
  if (claim.kind === 'early') return holdBack(deps, claim.message, claim.msUntilDue);
  const { message, route } = claim;
  const reports: AttemptReport[] = [];
  const finish = finisher(deps, message, route, async () => {
    await recordAttempts(deps, message, request.receiveCount, reports);
  });
  const lease = leaseSignal(deps, message);
  const sendSignal = signal ? AbortSignal.any([signal, lease]) : lease;

  let delivery;
  try {
    delivery = await deps.notifier.send(notificationOf(message), { signal: sendSignal, onAttempt: (report) => reports.push(report) });
  } catch (error) {
    if (error instanceof PermanentNotificationError) {
      return finish('failed', { attempts: message.attempts + error.attempts, error_message: error.message }, (status) =>
        acknowledged({ code: LogCode.MESSAGE_FAILED, status, route, reason: `ntfy refused it for good: ${error.message}` }),
      );
    }
    const transient = transientFailure(error, signal, lease);
    if (!transient) {
      await recordAttempts(deps, message, request.receiveCount, reports);
      await release(deps, message, error);
      throw error;
    }
    const attempts = message.attempts + transient.attempts;
    if (request.receiveCount >= deps.maxReceiveCount) {
      const reason = `gave up after ${request.receiveCount} receives: ${transient.reason}`;
      return finish('failed', { attempts, error_message: reason }, (status) =>
        retryLater({ code: LogCode.MESSAGE_FAILED, status, route, reason: `${reason}; the record goes to the DLQ` }),
      );
    }
    return finish('queued', { attempts, error_message: transient.reason }, (status) =>
      retryLater({ code: LogCode.MESSAGE_REQUEUED, status, route, reason: `transient failure, back to queued: ${transient.reason}` }),
    );
  }

  const notificationId = delivery.id;
  return finish('completed', { attempts: message.attempts + delivery.attempts, notification_id: notificationId }, (status) =>
    acknowledged({
      code: LogCode.MESSAGE_COMPLETED,
      status,
      route,
      notificationId,
      reason: `delivered to ntfy as ${notificationId} after ${delivery.attempts} attempt(s)`,
    }),
  );
}

/**
 * Fires shortly before our lease expires: a worker that is still sending must not outlive its
 * lease, or another may take the message over and send it a second time.
 */
function leaseSignal(deps: DeliverMessageDeps, message: Message): AbortSignal {
  const leaseMs = deps.leaseSeconds * 1000;
  const startedAt = Date.parse(message.processing_started_at ?? '');
  const left = startedAt + leaseMs - Math.min(LEASE_MARGIN_MS, leaseMs / 4) - deps.clock.now().getTime();
  return left > 0 ? AbortSignal.timeout(Math.floor(left)) : AbortSignal.abort();
}

/** Time kept back from the lease to record the outcome before anyone may take the message over. */
const LEASE_MARGIN_MS = 10_000;

/** A failure that another receive may not repeat, with the attempts it cost. */
function transientFailure(
  error: unknown,
  invocation: AbortSignal | undefined,
  lease: AbortSignal,
): { reason: string; attempts: number } | undefined {
  if (error instanceof RetryableNotificationError) return { reason: error.message, attempts: error.attempts };
  // The notifier rejects with the abort reason; how many attempts it had started is unknown.
  if (invocation?.aborted) return { reason: 'the invocation ran out of time while sending to ntfy', attempts: 0 };
  if (lease.aborted) return { reason: 'the processing lease ran out while sending to ntfy', attempts: 0 };
  return undefined;
}

/**
 * The closing transition out of `processing`, conditional on the lease still being ours.
 * Losing it means another worker took the lease over (ours outlived it) and its outcome
 * stands; that worker's record carries the message now.
 */
function finisher(deps: DeliverMessageDeps, message: Message, route: ClaimRoute, beforeClosing: () => Promise<void>) {
  return async (
    to: 'completed' | 'failed' | 'queued',
    changes: TransitionChanges,
    outcome: (status: MessageStatus) => DeliveryOutcome,
  ): Promise<DeliveryOutcome> => {
    const lost = (status: string | undefined): DeliveryOutcome =>
      acknowledged({
        code: LogCode.MESSAGE_LEASE_TAKEN_OVER,
        route,
        reason: `${outcome(to).reason}; but another worker took the lease over meanwhile (now ${status ?? 'gone'}), whose outcome stands`,
        ...(status ? { status: status as MessageStatus } : {}),
      });
    await beforeClosing();
    try {
      await deps.repository.transition({
        id: message.id,
        from: 'processing',
        to,
        at: deps.clock.now(),
        changes,
        ...(message.processing_started_at ? { expectedProcessingStartedAt: message.processing_started_at } : {}),
      });
      return outcome(to);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return lost(error.currentStatus);
    }
  };
}

/**
 * An unexpected failure while sending: hand the message back to `queued` so the redelivery
 * need not wait out the lease. Best effort: if this write fails too, the lease still expires.
 */
async function release(deps: DeliverMessageDeps, message: Message, cause: unknown): Promise<void> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  await deps.repository
    .transition({
      id: message.id,
      from: 'processing',
      to: 'queued',
      at: deps.clock.now(),
      changes: { error_message: reason },
      ...(message.processing_started_at ? { expectedProcessingStartedAt: message.processing_started_at } : {}),
    })
    .catch(() => undefined);
}

/**
 * A record that came before its message is due (a delay longer than SQS allows, a clock ahead):
 * never sent early. Sent back to the queue with the delay left when that fits in one SQS delay;
 * otherwise the due-message tick sends it again in time.
 */
async function holdBack(deps: DeliverMessageDeps, message: Message, msUntilDue: number): Promise<DeliveryOutcome> {
  const seconds = Math.ceil(msUntilDue / 1000);
  const reason = `not due until ${message.deliver_at ?? '?'} (${seconds} s from now)`;
  if (!deps.queue) return retryLater({ code: LogCode.MESSAGE_NOT_YET_DUE, status: message.status, reason: `${reason}; comes back after the visibility timeout` });
  if (seconds > MAX_QUEUE_DELAY_SECONDS) {
    return acknowledged({ code: LogCode.MESSAGE_NOT_YET_DUE, status: message.status, reason: `${reason}; the due-message tick sends it in time` });
  }
  await deps.queue.sendDelayed(message, seconds);
  return acknowledged({ code: LogCode.MESSAGE_NOT_YET_DUE, status: message.status, reason: `${reason}; sent back with that delay` });
}

/**
 * Stores what each request to ntfy did, numbered on from the message's earlier attempts. Best
 * effort: the history must never stand in the way of recording the delivery's outcome, which
 * is what keeps a notification from being sent twice.
 */
async function recordAttempts(
  deps: DeliverMessageDeps,
  message: Message,
  receiveCount: number,
  reports: readonly AttemptReport[],
): Promise<void> {
  await Promise.allSettled(
    reports.map((report, index) =>
      deps.repository.recordAttempt(message, {
        attempt: message.attempts + index + 1,
        started_at: report.startedAt.toISOString(),
        duration_ms: report.durationMs,
        receive_count: receiveCount,
        outcome: report.outcome,
        ...(report.httpStatus !== undefined ? { http_status: report.httpStatus } : {}),
        ...(report.ntfyCode !== undefined ? { ntfy_code: report.ntfyCode } : {}),
        ...(report.notificationId !== undefined ? { notification_id: report.notificationId } : {}),
        ...(report.error !== undefined ? { error: report.error } : {}),
      }),
    ),
  );
}

import { LogCode } from '../log-messages';
import type { MessageStatus } from '../message/message';

/** How the processor came to hold a message: the ordinary claim, a due scheduled one, or one of the two recoveries. */
export type ClaimRoute = 'queued' | 'scheduled' | 'promoted' | 'lease-taken-over';

interface OutcomeFields {
  /** One line for the logs: what happened and why. */
  reason: string;
  /** The log code the outcome is reported under. */
  code: LogCode;
  /** The message's status after this delivery, when known. */
  status?: MessageStatus;
  /** Set when this delivery claimed the message. */
  route?: ClaimRoute;
  notificationId?: string;
}

/**
 * What became of one delivery. `acknowledged`: the queue record is done with (delete it);
 * `retry-later`: report it as a batch item failure so SQS hands it out again.
 */
export type DeliveryOutcome = ({ kind: 'acknowledged' } | { kind: 'retry-later' }) & Readonly<OutcomeFields>;

export const acknowledged = (fields: OutcomeFields): DeliveryOutcome => ({ kind: 'acknowledged', ...fields });
export const retryLater = (fields: OutcomeFields): DeliveryOutcome => ({ kind: 'retry-later', ...fields });

export const alreadyFinal = (status: MessageStatus): DeliveryOutcome =>
  acknowledged({ code: LogCode.MESSAGE_ALREADY_FINAL, status, reason: `already ${status}: a repeat delivery sends nothing` });

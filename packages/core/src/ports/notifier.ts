import type { AttemptOutcome } from '../message/attempt';

/** What a push notification carries. */
export interface Notification {
  payload: string;
  title?: string;
  priority: number;
  tags: readonly string[];
  click?: string;
  markdown: boolean;
  /** ntfy's X-Sequence-ID: the message id, so a redelivery replaces rather than adds. */
  sequence_id?: string;
}

/** What one request to the push service did (the attempt history records each). */
export interface AttemptReport {
  startedAt: Date;
  durationMs: number;
  outcome: AttemptOutcome;
  httpStatus?: number;
  ntfyCode?: number;
  notificationId?: string;
  error?: string;
}

export interface SendOptions {
  /** Cancels the send, including any wait between attempts. */
  signal?: AbortSignal;
  /** Called after every request, successful or not, before the next one starts. */
  onAttempt?: (report: AttemptReport) => void;
}

export interface Delivery {
  /** The id the push service gave the notification. */
  id: string;
  /** Attempts it took, the successful one included. */
  attempts: number;
}

/**
 * Delivers a notification, retrying transient failures itself. Throws a
 * RetryableNotificationError when the transient failures outlast its attempts and a
 * PermanentNotificationError when retrying cannot help.
 */
export interface Notifier {
  send(notification: Notification, options?: SendOptions): Promise<Delivery>;
}

/** What a push notification carries. */
export interface Notification {
  payload: string;
  title?: string;
  priority: number;
  tags: readonly string[];
  click?: string;
  markdown: boolean;
}

export interface SendOptions {
  /** Cancels the send, including any wait between attempts. */
  signal?: AbortSignal;
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

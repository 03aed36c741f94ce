/** How one request to ntfy ended. `quota`: ntfy (or a proxy) said too many requests (HTTP 429). */
export const ATTEMPT_OUTCOMES = ['delivered', 'retryable', 'permanent', 'quota'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * One delivery attempt of a message: one request to ntfy. `attempt` counts from 1 over the
 * message's whole life, so it lines up with the message's `attempts` total.
 */
export interface DeliveryAttempt {
  attempt: number;
  started_at: string;
  duration_ms: number;
  /** The ApproximateReceiveCount of the queue record the attempt was made for. */
  receive_count: number;
  outcome: AttemptOutcome;
  /** Present when ntfy answered. */
  http_status?: number;
  /** ntfy's own error code, e.g. 42901, when its answer had one. */
  ntfy_code?: number;
  notification_id?: string;
  error?: string;
}

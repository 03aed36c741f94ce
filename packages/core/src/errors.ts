/** One problem with one field of an input: where (a JSON path such as `/tags/2`) and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The base of every error the core raises on purpose; `cause` is kept. */
export class RezError extends Error {
  override readonly name: string = 'RezError';
}

/** Input that breaks a schema or a rule; lists every failing field. */
export class ValidationError extends RezError {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends RezError {
  override readonly name: string = 'NotFoundError';
}

/** A write lost to the current state: a refused transition or a failed condition. */
export class ConflictError extends RezError {
  override readonly name: string = 'ConflictError';
  constructor(
    message: string,
    /** The status the record had when the write was refused, when known. */
    readonly currentStatus?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A new message whose id is already stored: a repeat of a save with a derived id (a schedule's occurrence). */
export class MessageExistsError extends ConflictError {
  override readonly name = 'MessageExistsError';
}

/** An idempotency key sent again with a different request: a key names one request only. */
export class IdempotencyKeyReusedError extends RezError {
  override readonly name = 'IdempotencyKeyReusedError';
}

/** The first request with this idempotency key is still at work; the same request may come back later. */
export class IdempotencyKeyInProgressError extends RezError {
  override readonly name = 'IdempotencyKeyInProgressError';
  constructor(
    message: string,
    /** When to try again, in seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A status change the state machine does not allow. */
export class InvalidTransitionError extends ConflictError {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a message cannot go from ${from} to ${to}`, from);
  }
}

/** Environment configuration that is missing or malformed; names every bad variable. */
export class ConfigError extends RezError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

export interface NotificationFailure {
  /** HTTP status from ntfy, when one came back. */
  statusCode?: number;
  /** ntfy's own error code (e.g. 42901), when its body had one. */
  code?: number;
  /** How many attempts were made before giving up. */
  attempts: number;
}

/** Sending a notification failed. `retryable` says whether trying again later can help. */
export abstract class NotificationError extends RezError {
  abstract readonly retryable: boolean;
  readonly statusCode: number | undefined;
  readonly code: number | undefined;
  readonly attempts: number;
  constructor(message: string, failure: NotificationFailure, options?: ErrorOptions) {
    super(message, options);
    this.statusCode = failure.statusCode;
    this.code = failure.code;
    this.attempts = failure.attempts;
  }
}

/** A failure that may pass: network error, timeout, 5xx, 429 rate limit (42901). */
export class RetryableNotificationError extends NotificationError {
  override readonly name = 'RetryableNotificationError';
  readonly retryable = true;
}

/** A failure that will not pass by retrying: 4xx, daily quota (42908). */
export class PermanentNotificationError extends NotificationError {
  override readonly name = 'PermanentNotificationError';
  readonly retryable = false;
}

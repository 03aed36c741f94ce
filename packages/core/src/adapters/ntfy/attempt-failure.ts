/** Why one request to ntfy failed, and whether another try could help. Internal to the adapter. */
export class AttemptFailure extends Error {
  override readonly name = 'AttemptFailure';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly details: {
      statusCode?: number;
      /** ntfy's own error code, e.g. 42901. */
      code?: number;
      /** The server's Retry-After, in ms, when it sent one. */
      retryAfterMs?: number;
    } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

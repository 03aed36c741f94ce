import { PermanentNotificationError, RetryableNotificationError } from '../../errors';
import { AttemptFailure } from './attempt-failure';
import { retryDelay, type BackoffPolicy } from './backoff';
import type { Sleep } from './sleep';

export interface RetryOptions extends BackoffPolicy {
  maxAttempts: number;
  signal: AbortSignal | undefined;
  random: () => number;
  sleep: Sleep;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or uses up `maxAttempts`; waits between
 * tries as `retryDelay` says. The caller's abort always wins: it rejects with the abort reason,
 * never with a notification error, so an abort is not mistaken for a failed delivery.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
): Promise<{ value: T; attempts: number }> {
  for (let attempts = 1; ; attempts += 1) {
    try {
      return { value: await attempt(), attempts };
    } catch (error) {
      options.signal?.throwIfAborted();
      if (!(error instanceof AttemptFailure)) throw error;
      const failure = { ...error.details, attempts };
      if (!error.retryable) throw new PermanentNotificationError(error.message, failure, { cause: error.cause ?? error });
      if (attempts >= options.maxAttempts) {
        throw new RetryableNotificationError(`${error.message} (gave up after ${attempts} attempts)`, failure, {
          cause: error.cause ?? error,
        });
      }
      await options.sleep(retryDelay(attempts, error.details.retryAfterMs, options, options.random), options.signal);
      // An injected sleep may ignore the signal; an abort during the wait must still stop here.
      options.signal?.throwIfAborted();
    }
  }
}

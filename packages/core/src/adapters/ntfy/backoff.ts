/** How far apart retries are spread. */
export interface BackoffPolicy {
  /** The ceiling of the first wait; it doubles for each later retry. */
  baseDelayMs: number;
  /** No wait is longer than this, a server's Retry-After included. */
  maxDelayMs: number;
}

/**
 * Full jitter: a uniform draw from [0, min(max, base · 2^(retry − 1))). Drawing from the whole
 * range rather than adding a small margin keeps senders that failed together from coming
 * back together and tripping the same rate limit again.
 *
 * @param retry 1 for the wait before the second attempt, 2 before the third, and so on
 * @param random a draw in [0, 1), e.g. Math.random
 */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // Clamped so an injected random that returns 1 cannot reach the ceiling itself.
  const draw = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(draw * ceiling);
}

/**
 * The wait before the next attempt: the server's Retry-After when it gave one (a server that
 * says when to come back knows better than a random draw), else full jitter; never over max.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  return fullJitterDelay(retry, policy, random);
}

import type { Context } from 'aws-lambda';

/**
 * An AbortSignal that fires `marginMs` before Lambda would stop the function, so a send still
 * retrying ntfy is cut short with time left to record its outcome in DynamoDB. With a short
 * function timeout the margin shrinks to half the time left, so something can still be sent.
 */
export function invocationDeadline(context: Pick<Context, 'getRemainingTimeInMillis'>, marginMs: number): AbortSignal {
  const remaining = context.getRemainingTimeInMillis();
  const budget = remaining - Math.min(marginMs, remaining / 2);
  if (budget <= 0) return AbortSignal.abort(new DOMException('the invocation has no time left', 'TimeoutError'));
  return AbortSignal.timeout(Math.floor(budget));
}

/**
 * Reads an HTTP Retry-After header, either delay-seconds or an HTTP-date, as milliseconds to
 * wait from `nowMs`. Undefined when the header is absent or unreadable, so the caller falls back
 * to its own backoff; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names its zone (GMT); requiring a letter keeps "1.5" or "-3" from
  // being read as a year by Date.parse.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

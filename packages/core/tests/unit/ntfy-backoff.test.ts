import { describe, expect, it } from '@jest/globals';
import { NtfyNotifier, fullJitterDelay, parseRetryAfter, retryDelay } from '../../src/index';

const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
const fixed = (value: number) => () => value;

describe('fullJitterDelay', () => {
  it.each([
    // retry, random, expected: a uniform draw below min(max, base · 2^(retry − 1))
    { retry: 1, random: 0, expected: 0 },
    { retry: 1, random: 0.5, expected: 50 },
    { retry: 1, random: 0.999, expected: 99 },
    { retry: 2, random: 0.5, expected: 100 },
    { retry: 3, random: 0.5, expected: 200 },
    { retry: 4, random: 0.5, expected: 400 },
    { retry: 5, random: 0.5, expected: 500 }, // ceiling 1600 capped at 1000
    { retry: 60, random: 0.5, expected: 500 }, // 2^59 · base stays capped
    { retry: 2, random: 1, expected: 199 }, // a random that returns 1 stays below the ceiling
    { retry: 2, random: -0.5, expected: 0 }, // and one below 0 stays at 0
  ])('retry $retry with random $random waits $expected ms', ({ retry, random, expected }) => {
    expect(fullJitterDelay(retry, policy, fixed(random))).toBe(expected);
  });

  it('spreads real draws over the whole range, not just its top', () => {
    const delays = Array.from({ length: 2_000 }, () => fullJitterDelay(3, policy, Math.random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(400);
    expect(delays.filter((d) => d < 100).length).toBeGreaterThan(300); // ~500 expected below a quarter
  });
});

describe('retryDelay', () => {
  it.each([
    { case: 'no Retry-After: full jitter', retryAfterMs: undefined, expected: 100 },
    { case: 'Retry-After wins over jitter', retryAfterMs: 700, expected: 700 },
    { case: 'Retry-After of 0 means now', retryAfterMs: 0, expected: 0 },
    { case: 'Retry-After is capped at maxDelayMs', retryAfterMs: 120_000, expected: 1_000 },
  ])('$case', ({ retryAfterMs, expected }) => {
    expect(retryDelay(2, retryAfterMs, policy, fixed(0.5))).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-02T03:04:05.000Z');
  it.each([
    { header: '3', expected: 3_000 },
    { header: ' 0 ', expected: 0 },
    { header: 'Fri, 02 Jan 2026 03:04:15 GMT', expected: 10_000 },
    { header: 'Fri, 02 Jan 2026 03:00:00 GMT', expected: 0 }, // in the past
    { header: null, expected: undefined },
    { header: '', expected: undefined },
    { header: '1.5', expected: undefined },
    { header: '-3', expected: undefined },
    { header: 'soon', expected: undefined },
  ])('reads $header as $expected ms', ({ header, expected }) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('NtfyNotifier options', () => {
  it.each([
    { case: 'maxAttempts 0', options: { maxAttempts: 0 }, error: RangeError },
    { case: 'fractional maxAttempts', options: { maxAttempts: 1.5 }, error: RangeError },
    { case: 'timeoutMs 0', options: { timeoutMs: 0 }, error: RangeError },
    { case: 'negative baseDelayMs', options: { baseDelayMs: -1 }, error: RangeError },
    { case: 'a non-HTTP URL', options: { url: 'ftp://ntfy.example/topic' }, error: TypeError },
    { case: 'no URL at all', options: { url: 'not a url' }, error: TypeError },
  ])('refuses $case', ({ options, error }) => {
    expect(() => new NtfyNotifier({ url: 'https://ntfy.example/topic', ...options })).toThrow(error);
  });
});

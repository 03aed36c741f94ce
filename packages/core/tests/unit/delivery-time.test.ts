import { describe, expect, it } from '@jest/globals';
import { ValidationError, parseDelay, resolveDeliveryTime } from '../../src/index';

const now = new Date('2026-06-01T12:00:00.000Z');
const failure = (input: Parameters<typeof resolveDeliveryTime>[0]) => {
  try {
    resolveDeliveryTime(input, now);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('resolveDeliveryTime', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['PT15M', 900_000],
    ['P1DT2H', 93_600_000],
    ['PT1.5S', 1_500],
  ])('reads the delay %s', (delay, ms) => {
    expect(parseDelay(delay)).toBe(ms);
    expect(resolveDeliveryTime({ delay }, now)).toEqual(new Date(now.getTime() + ms));
  });

  it('reads deliver_at with an offset as the instant it names', () => {
    expect(resolveDeliveryTime({ deliver_at: '2026-06-01T14:30:00+02:00' }, now)).toEqual(new Date('2026-06-01T12:30:00.000Z'));
  });

  it('is undefined (deliver now) when neither is given', () => {
    expect(resolveDeliveryTime({}, now)).toBeUndefined();
  });

  it.each([
    [{ delay: 'soon' }, '/delay'],
    [{ delay: '10 minutes' }, '/delay'],
    [{ delay: 'PT' }, '/delay'],
    [{ delay: '0s' }, '/delay'],
    [{ delay: '366d' }, '/delay'],
    [{ deliver_at: '2026-06-01T14:30:00' }, '/deliver_at'],
    [{ deliver_at: '2026-02-30T10:00:00Z' }, '/deliver_at'],
    [{ deliver_at: 'tomorrow' }, '/deliver_at'],
    [{ deliver_at: '2026-06-01T11:59:59Z' }, '/deliver_at'],
    [{ deliver_at: '2027-06-02T12:00:00Z' }, '/deliver_at'],
    [{ deliver_at: '2026-06-02T12:00:00Z', delay: '1h' }, '/delay'],
  ])('refuses %j, naming %s', (input, path) => {
    expect(failure(input).map((issue) => issue.path)).toEqual([path]);
  });

  it('accepts exactly 365 days ahead', () => {
    expect(resolveDeliveryTime({ delay: '365d' }, now)).toEqual(new Date(now.getTime() + 365 * 86_400_000));
  });
});

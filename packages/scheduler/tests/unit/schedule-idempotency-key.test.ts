import { describe, expect, it } from '@jest/globals';
import { scheduleIdempotencyKey } from '../../src/run-schedule';

describe('the idempotency key of a scheduled run', () => {
  it('is the schedule and its due time, however the time is written', () => {
    expect(scheduleIdempotencyKey('daily', '2026-03-01T09:00:00Z')).toBe('schedule:daily:2026-03-01T09:00:00.000Z');
    expect(scheduleIdempotencyKey('daily', '2026-03-01T10:00:00+01:00')).toBe(scheduleIdempotencyKey('daily', '2026-03-01T09:00:00.000Z'));
  });

  it('differs between schedules and between runs', () => {
    expect(scheduleIdempotencyKey('daily', '2026-03-01T09:00:00Z')).not.toBe(scheduleIdempotencyKey('weekly', '2026-03-01T09:00:00Z'));
    expect(scheduleIdempotencyKey('daily', '2026-03-01T09:00:00Z')).not.toBe(scheduleIdempotencyKey('daily', '2026-03-02T09:00:00Z'));
  });
});

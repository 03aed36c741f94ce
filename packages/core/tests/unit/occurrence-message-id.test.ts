import { describe, expect, it } from '@jest/globals';
import { decodeTime } from 'ulid';
import { occurrenceMessageId } from '../../src/schedules';

const at = new Date('2026-03-02T08:01:00.000Z');

describe('occurrenceMessageId', () => {
  it('is the same id for the same schedule and occurrence, every time', () => {
    expect(occurrenceMessageId('daily', new Date(at.getTime()))).toBe(occurrenceMessageId('daily', at));
  });

  it('differs for another occurrence, even a millisecond apart, and for another schedule', () => {
    const ids = [
      occurrenceMessageId('daily', at),
      occurrenceMessageId('daily', new Date(at.getTime() + 1)),
      occurrenceMessageId('daily', new Date(at.getTime() + 60_000)),
      occurrenceMessageId('daily2', at),
      occurrenceMessageId('Daily', at),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    // Not only the time part: the random part differs between schedules of one occurrence.
    expect(ids[0]?.slice(10)).not.toBe(ids[3]?.slice(10));
  });

  it('is a valid ULID whose time part is the occurrence', () => {
    const id = occurrenceMessageId('a_schedule-name', at);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(decodeTime(id)).toBe(at.getTime());
  });
});

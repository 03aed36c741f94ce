import { describe, expect, it } from '@jest/globals';
import { dueOccurrence, nextOccurrence, type ScheduleTiming } from '../../src/schedules';

const timing = (expression: string, timezone = 'UTC'): ScheduleTiming => ({ name: 'test', expression, timezone });
const at = (iso: string) => new Date(iso);
const anchor = at('2026-01-01T00:00:00Z');

/** Every occurrence from `from` up to `to`, walked as the tick walks them. */
function occurrences(schedule: ScheduleTiming, from: string, to: string): string[] {
  const runs: string[] = [];
  for (let next = nextOccurrence(schedule, at(from), anchor); next && next < at(to); next = nextOccurrence(schedule, next, anchor)) {
    runs.push(next.toISOString());
  }
  return runs;
}

describe('occurrences across DST', () => {
  const london = timing('cron(0 9 * * ? *)', 'Europe/London');

  it('09:00 Europe/London stays 09:00 local when the clocks go forward (29 March 2026)', () => {
    expect(occurrences(london, '2026-03-27T12:00:00Z', '2026-03-31T00:00:00Z')).toEqual([
      '2026-03-28T09:00:00.000Z', // GMT
      '2026-03-29T08:00:00.000Z', // BST: 09:00 local
      '2026-03-30T08:00:00.000Z',
    ]);
  });

  it('09:00 Europe/London stays 09:00 local when the clocks go back (25 October 2026)', () => {
    expect(occurrences(london, '2026-10-23T12:00:00Z', '2026-10-27T00:00:00Z')).toEqual([
      '2026-10-24T08:00:00.000Z', // BST
      '2026-10-25T09:00:00.000Z', // GMT: 09:00 local
      '2026-10-26T09:00:00.000Z',
    ]);
  });

  it('a time that happens twice on the night the clocks go back fires once', () => {
    const night = timing('cron(30 1 * * ? *)', 'Europe/London');
    const runs = occurrences(night, '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z');
    expect(runs).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('a time the clocks skip still fires that day, once', () => {
    const night = timing('cron(30 1 * * ? *)', 'Europe/London');
    const runs = occurrences(night, '2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z');
    expect(runs).toHaveLength(2);
    expect(runs[0]?.startsWith('2026-03-29')).toBe(true);
  });

  it('a tick that misses the change fires the local 09:00 of the new offset', () => {
    const due = dueOccurrence(london, at('2026-03-28T09:00:00Z'), at('2026-03-29T08:00:30Z'), anchor);
    expect(due).toEqual({ occurrence: at('2026-03-29T08:00:00Z'), missed: 1, next: at('2026-03-30T08:00:00Z') });
  });
});

describe('dueOccurrence', () => {
  it('fires the occurrence that came, with nothing missed, when the tick is on time', () => {
    const due = dueOccurrence(timing('rate(1 minute)'), at('2026-03-01T10:00:00Z'), at('2026-03-01T10:00:20Z'), anchor);
    expect(due).toEqual({ occurrence: at('2026-03-01T10:00:00Z'), missed: 0, next: at('2026-03-01T10:01:00Z') });
  });

  it('after an outage fires only the latest rate() occurrence and counts the ones skipped', () => {
    const due = dueOccurrence(timing('rate(5 minutes)'), at('2026-03-01T10:00:00Z'), at('2026-03-01T11:02:00Z'), anchor);
    // 10:00, 10:05, ..., 10:55 skipped (12), 11:00 fired.
    expect(due).toEqual({ occurrence: at('2026-03-01T11:00:00Z'), missed: 12, next: at('2026-03-01T11:05:00Z') });
  });

  it('counts a rate() from its anchor, not from the hour', () => {
    const odd = at('2026-03-01T09:59:17Z');
    const due = dueOccurrence(timing('rate(1 minute)'), at('2026-03-01T10:00:17Z'), at('2026-03-01T10:03:00Z'), odd);
    expect(due).toEqual({ occurrence: at('2026-03-01T10:02:17Z'), missed: 2, next: at('2026-03-01T10:03:17Z') });
  });

  it('after an outage fires only the latest cron() occurrence and counts the ones skipped', () => {
    const due = dueOccurrence(timing('cron(0 * * * ? *)'), at('2026-03-01T10:00:00Z'), at('2026-03-02T10:30:00Z'), anchor);
    expect(due).toEqual({ occurrence: at('2026-03-02T10:00:00Z'), missed: 24, next: at('2026-03-02T11:00:00Z') });
  });

  it('a long outage of an every-minute cron() jumps to the latest occurrence without walking all of them', () => {
    const due = dueOccurrence(timing('cron(* * * * ? *)'), at('2026-03-01T00:00:00Z'), at('2026-03-15T00:00:30Z'), anchor);
    expect(due.occurrence).toEqual(at('2026-03-15T00:00:00Z'));
    expect(due.next).toEqual(at('2026-03-15T00:01:00Z'));
    expect(due.missed).toBe(10_000);
  });

  it('a cron() with no occurrence left has no next run', () => {
    const due = dueOccurrence(timing('cron(0 9 1 JAN ? 2026)'), at('2026-01-01T09:00:00Z'), at('2026-01-01T09:00:30Z'), anchor);
    expect(due).toEqual({ occurrence: at('2026-01-01T09:00:00Z'), missed: 0, next: null });
  });
});

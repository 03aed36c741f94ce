import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { createLogger, type ScheduleDefinition } from '@rez-agent/core';
import { ScheduleRunner } from '../../src/schedules';

interface Fired {
  action?: string;
  schedule?: string;
  scheduled_time?: string;
}

let runner: ScheduleRunner | undefined;

afterEach(async () => {
  await runner?.stop(0);
  runner = undefined;
  jest.useRealTimers();
});

/** A runner on fake timers from `now`, recording every scheduler invocation. */
function startRunner(now: string, definitions: ScheduleDefinition[], sweepIntervalMs = 3_600_000): Fired[] {
  jest.useFakeTimers({ now: new Date(now) });
  const fired: Fired[] = [];
  runner = new ScheduleRunner({
    definitions,
    stage: 'dev',
    invoke: (event) => {
      fired.push(event as Fired);
      return Promise.resolve({ ok: true });
    },
    logger: createLogger({ functionName: 'local', stage: 'dev', level: 'silent' }),
    sweepIntervalMs,
  });
  runner.start();
  return fired;
}

const runsOf = (fired: Fired[], name: string) => fired.filter((event) => event.schedule === name).map((event) => event.scheduled_time);

describe('the sandbox fires schedules on their own clock', () => {
  test('a rate() schedule runs once per period, each run with its own scheduled time', async () => {
    const fired = startRunner('2026-01-05T09:00:00.000Z', [{ name: 'tick', expression: 'rate(1 minute)', timezone: 'UTC', input: { payload: 'tick' } }]);

    await jest.advanceTimersByTimeAsync(59_000);
    expect(runsOf(fired, 'tick')).toEqual([]);
    await jest.advanceTimersByTimeAsync(2_000);
    await jest.advanceTimersByTimeAsync(60_000);

    expect(runsOf(fired, 'tick')).toEqual(['2026-01-05T09:01:00Z', '2026-01-05T09:02:00Z']);
    expect(fired[0]).toMatchObject({ action: 'schedule', payload: 'tick' });
  });

  test.each([
    ['winter, when London is on UTC', '2026-01-05T09:29:00.000Z', '2026-01-05T09:30:00Z'],
    ['summer, when London is an hour ahead', '2026-07-06T08:29:00.000Z', '2026-07-06T08:30:00Z'],
  ])('a cron() schedule runs at its wall-clock time in its time zone (%s)', async (_season, now, expected) => {
    const fired = startRunner(now, [{ name: 'morning', expression: 'cron(30 9 * * ? *)', timezone: 'Europe/London', input: {} }]);

    await jest.advanceTimersByTimeAsync(61_000);

    expect(runsOf(fired, 'morning')).toEqual([expected]);
  });

  test('the sweep runs on its interval', async () => {
    const fired = startRunner('2026-01-05T09:00:00.000Z', [], 30_000);

    await jest.advanceTimersByTimeAsync(95_000);

    expect(fired.filter((event) => event.action === 'sweep')).toHaveLength(3);
  });

  test('nothing fires after stop', async () => {
    const fired = startRunner('2026-01-05T09:00:00.000Z', [{ name: 'tick', expression: 'rate(1 minute)', timezone: 'UTC', input: {} }], 30_000);
    await runner?.stop(0);

    await jest.advanceTimersByTimeAsync(300_000);

    expect(fired).toEqual([]);
  });
});

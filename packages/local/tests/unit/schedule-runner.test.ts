import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { createLogger } from '@rez-agent/core';
import { TickRunner } from '../../src/schedules';

interface Tick {
  action?: string;
  scheduled_time?: string;
  execution_id?: string;
}

let runner: TickRunner | undefined;

afterEach(async () => {
  await runner?.stop(0);
  runner = undefined;
  jest.useRealTimers();
});

/** A runner on fake timers from `now`, recording every scheduler invocation. */
function startRunner(now: string, periodSeconds?: number, invoke?: () => Promise<unknown>): Tick[] {
  jest.useFakeTimers({ now: new Date(now) });
  const ticks: Tick[] = [];
  runner = new TickRunner({
    stage: 'dev',
    invoke: (event) => {
      ticks.push(event as Tick);
      return invoke ? invoke() : Promise.resolve({ ok: true });
    },
    logger: createLogger({ functionName: 'local', stage: 'dev', level: 'silent' }),
    ...(periodSeconds !== undefined ? { periodSeconds } : {}),
  });
  runner.start();
  return ticks;
}

describe('the sandbox runs the stack’s tick', () => {
  test('once at start, then every 60 s, each with its own scheduled time and execution id, as EventBridge sends it', async () => {
    const ticks = startRunner('2026-01-05T09:00:00.000Z');
    expect(runner?.periodSeconds).toBe(60);

    await jest.advanceTimersByTimeAsync(59_000);
    expect(ticks.map((tick) => tick.scheduled_time)).toEqual(['2026-01-05T09:00:00Z']);
    await jest.advanceTimersByTimeAsync(61_000);

    expect(ticks.map((tick) => tick.scheduled_time)).toEqual(['2026-01-05T09:00:00Z', '2026-01-05T09:01:00Z', '2026-01-05T09:02:00Z']);
    expect(ticks.every((tick) => tick.action === 'tick')).toBe(true);
    expect(new Set(ticks.map((tick) => tick.execution_id)).size).toBe(3);
    expect(JSON.stringify(ticks)).not.toContain('<aws.scheduler.');
  });

  test('after the one at start, ticks at second 0 of each minute, like cron(* * * * ? *), with that minute as their time', async () => {
    const ticks = startRunner('2026-01-05T09:00:42.500Z');

    await jest.advanceTimersByTimeAsync(17_000);
    expect(ticks.map((tick) => tick.scheduled_time)).toEqual(['2026-01-05T09:00:42Z']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(ticks.map((tick) => tick.scheduled_time)).toEqual(['2026-01-05T09:00:42Z', '2026-01-05T09:01:00Z']);
    await jest.advanceTimersByTimeAsync(60_000);

    expect(ticks.map((tick) => tick.scheduled_time)).toEqual(['2026-01-05T09:00:42Z', '2026-01-05T09:01:00Z', '2026-01-05T09:02:00Z']);
  });

  test('on a faster clock only when asked', async () => {
    const ticks = startRunner('2026-01-05T09:00:00.000Z', 5);

    await jest.advanceTimersByTimeAsync(15_000);

    expect(ticks).toHaveLength(4);
  });

  test('a failed tick is logged and the next one runs', async () => {
    const ticks = startRunner('2026-01-05T09:00:00.000Z', undefined, () => Promise.reject(new Error('boom')));

    await jest.advanceTimersByTimeAsync(60_000);

    expect(ticks).toHaveLength(2);
  });

  test('nothing ticks after stop', async () => {
    const ticks = startRunner('2026-01-05T09:00:00.000Z');
    await runner?.stop(0);

    await jest.advanceTimersByTimeAsync(600_000);

    expect(ticks).toHaveLength(1);
  });
});

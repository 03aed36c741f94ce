import { describe, expect, it } from '@jest/globals';
import { TICK_TARGET_INPUT, ValidationError, createLogger, fillSchedulerContext } from '@rez-agent/core';
import { makeHandler } from '../../src/make-handler';
import type { SchedulerDeps } from '../../src/types';

/** Dependencies that fail the test if a tick touches any of them. */
function untouchable(logged: unknown[]): SchedulerDeps {
  const logger = createLogger({ functionName: 'scheduler', stage: 'dev', level: 'info', destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
  const trap = new Proxy({}, { get: (_target, property) => () => Promise.reject(new Error(`touched ${String(property)}`)) });
  return { logger, repository: trap, schedules: trap, publisher: trap, queue: trap } as unknown as SchedulerDeps;
}

const context = { awsRequestId: 'request-1' };

describe('the scheduler handler’s input', () => {
  it('refuses the tick input with its placeholders unfilled before touching anything', async () => {
    const logged: unknown[] = [];
    await expect(makeHandler(untouchable(logged))(TICK_TARGET_INPUT, context)).rejects.toThrow(ValidationError);
    expect(logged).toEqual([expect.objectContaining({ code: 'REQUEST_REJECTED', request_id: 'request-1' })]);
  });

  it('takes the filled-in tick input to the steps (whose first table read fails here)', async () => {
    const event = fillSchedulerContext(TICK_TARGET_INPUT, { scheduledTime: '2026-03-01T09:01:00Z', executionId: 'e-1', scheduleArn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/g/tick', attemptNumber: 1 });
    const logged: unknown[] = [];
    const deps = { ...untouchable(logged), clock: { now: () => new Date('2026-03-01T09:01:00Z') }, due: { lookaheadSeconds: 840, lostAfterSeconds: 120, limit: 10 }, scheduleLimit: 10, sweep: { staleAfterMinutes: 15, leaseSeconds: 120, limit: 10, everyMinutes: 5 } };

    await expect(makeHandler(deps)(event, context)).rejects.toThrow('2 tick step(s) failed');

    // Release and schedules ran (and failed); 09:01 is not a sweep minute, so the sweep did not.
    expect(logged.filter((line) => (line as { step?: string }).step).map((line) => (line as { step: string }).step)).toEqual(['release', 'schedules']);
  });
});

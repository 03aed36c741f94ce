import { describe, expect, it } from '@jest/globals';
import { TICK_TARGET_INPUT } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';
import { minutesBefore, storedAt } from '../helpers/stored-at';

const fixture = useSchedulerFixture('sweep-limit');

describe('scheduler handler: sweep bound', () => {
  it('republishes at most SWEEP_LIMIT messages per run, oldest first, created before queued', async () => {
    const now = new Date();
    const oldest = await storedAt(fixture.repository, minutesBefore(now, 50), 'created', 'oldest');
    const older = await storedAt(fixture.repository, minutesBefore(now, 40), 'created', 'older');
    const old = await storedAt(fixture.repository, minutesBefore(now, 30), 'created', 'old');
    await storedAt(fixture.repository, minutesBefore(now, 60), 'queued', 'queued long ago');
    const handler = makeHandler(fixture.deps({ clock: { now: () => now }, sweep: { staleAfterMinutes: 15, leaseSeconds: 120, limit: 2, everyMinutes: 1 } }));

    const result = await handler(schedulerInvocation(TICK_TARGET_INPUT, { scheduleName: 'tick' }), schedulerLambdaContext());

    expect(result).toEqual({ action: 'tick', released: 0, fired: 0, started: 0, failed: 0, sweep: { created: 2, queued: 0, processing: 0, failed: 0 } });
    expect((await fixture.takePublished()).map((message) => message.id).sort()).toEqual([oldest.id, older.id].sort());
    expect((await fixture.repository.get(old.id))?.status).toBe('created');
  });
});

import { describe, expect, it } from '@jest/globals';
import { TICK_TARGET_INPUT } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';
import { minutesBefore, storedAt } from '../helpers/stored-at';

const fixture = useSchedulerFixture('sweep');

describe('scheduler handler: stuck-message sweep', () => {
  it('republishes a stale created, a stale queued and an abandoned processing message exactly once each and leaves fresh ones alone', async () => {
    const now = new Date();
    const staleCreated = await storedAt(fixture.repository, minutesBefore(now, 30), 'created', 'stale created');
    const staleQueued = await storedAt(fixture.repository, minutesBefore(now, 20), 'queued', 'stale queued');
    const freshCreated = await storedAt(fixture.repository, minutesBefore(now, 5), 'created', 'fresh created');
    const freshQueued = await storedAt(fixture.repository, minutesBefore(now, 14), 'queued', 'fresh queued');
    const abandoned = await storedAt(fixture.repository, minutesBefore(now, 60), 'processing', 'abandoned processing');
    const liveLease = await storedAt(fixture.repository, minutesBefore(now, 1), 'processing', 'processing under a live lease');
    const oldCompleted = await storedAt(fixture.repository, minutesBefore(now, 60), 'completed', 'old completed');
    const handler = makeHandler(fixture.deps({ clock: { now: () => now } }));

    const result = await handler(schedulerInvocation(TICK_TARGET_INPUT, { scheduleName: 'tick' }), schedulerLambdaContext());

    expect(result).toEqual({ action: 'tick', released: 0, fired: 0, started: 0, failed: 0, sweep: { created: 1, queued: 1, processing: 1, failed: 0 } });
    const published = (await fixture.takePublished()).map((message) => message.id);
    expect(published.sort()).toEqual([staleCreated.id, staleQueued.id, abandoned.id].sort());
    expect((await fixture.repository.get(staleCreated.id))?.status).toBe('queued');
    expect(await fixture.repository.get(staleQueued.id)).toEqual(staleQueued);
    expect(await fixture.repository.get(abandoned.id)).toMatchObject({
      status: 'queued',
      error_message: expect.stringContaining('processing lease expired') as unknown,
    });
    for (const untouched of [freshCreated, freshQueued, liveLease, oldCompleted]) {
      expect(await fixture.repository.get(untouched.id)).toEqual(untouched);
    }
    expect(fixture.logs).toContainEqual(
      expect.objectContaining({ code: 'SWEEP_REPUBLISHED', created: 1, queued: 1, processing: 1, failed: 0 }),
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import { SWEEP_TARGET_INPUT, buildMessage, ulidGenerator, type Message, type MessageStatus } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/index';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';

const fixture = useSchedulerFixture('sweep');
const ids = ulidGenerator();
const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

/** Stores a message that reached `status` at `at` (created then, moved along the state machine). */
async function storedAt(at: Date, status: MessageStatus, label: string): Promise<Message> {
  const draft = buildMessage(
    { message_type: 'manual', payload: label, created_by: 'sweep-test' },
    { stage: 'dev', clock: { now: () => at }, ids },
  );
  await fixture.repository.save(draft);
  const path: MessageStatus[] = { created: [], queued: ['queued'], processing: ['queued', 'processing'], completed: ['queued', 'processing', 'completed'], failed: ['queued', 'failed'] }[status] as MessageStatus[];
  let current = draft;
  for (const to of path) current = await fixture.repository.transition({ id: draft.id, from: current.status, to, at });
  return current;
}

const sweepEvent = () => schedulerInvocation(SWEEP_TARGET_INPUT, { scheduleName: 'rez-agent-dev-sweep' });

describe('scheduler handler: stuck-message sweep', () => {
  it('republishes a stale created and a stale queued message exactly once each and leaves fresh ones alone', async () => {
    const now = new Date();
    const staleCreated = await storedAt(minutesAgo(now, 30), 'created', 'stale created');
    const staleQueued = await storedAt(minutesAgo(now, 20), 'queued', 'stale queued');
    const freshCreated = await storedAt(minutesAgo(now, 5), 'created', 'fresh created');
    const freshQueued = await storedAt(minutesAgo(now, 14), 'queued', 'fresh queued');
    const oldProcessing = await storedAt(minutesAgo(now, 60), 'processing', 'old processing');
    const oldCompleted = await storedAt(minutesAgo(now, 60), 'completed', 'old completed');
    const handler = makeHandler(fixture.deps({ clock: { now: () => now } }));

    const result = await handler(sweepEvent(), schedulerLambdaContext());

    expect(result).toEqual({ action: 'sweep', created: 1, queued: 1, failed: 0 });
    const published = (await fixture.takePublished()).map((message) => message.id);
    expect(published.sort()).toEqual([staleCreated.id, staleQueued.id].sort());
    expect((await fixture.repository.get(staleCreated.id))?.status).toBe('queued');
    expect(await fixture.repository.get(staleQueued.id)).toEqual(staleQueued);
    for (const untouched of [freshCreated, freshQueued, oldProcessing, oldCompleted]) {
      expect(await fixture.repository.get(untouched.id)).toEqual(untouched);
    }
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'SWEEP_REPUBLISHED', created: 1, queued: 1, failed: 0 }));

    // Tidy up for the next test: what this one left pending is moved out of the index.
    for (const pending of [staleCreated, staleQueued, freshQueued]) {
      await fixture.repository.transition({ id: pending.id, from: 'queued', to: 'failed', at: now });
    }
    await fixture.repository.transition({ id: freshCreated.id, from: 'created', to: 'queued', at: now });
    await fixture.repository.transition({ id: freshCreated.id, from: 'queued', to: 'failed', at: now });
  });

  it('republishes at most SWEEP_LIMIT messages per run, oldest first, created before queued', async () => {
    const now = new Date();
    const oldest = await storedAt(minutesAgo(now, 50), 'created', 'oldest');
    const older = await storedAt(minutesAgo(now, 40), 'created', 'older');
    await storedAt(minutesAgo(now, 30), 'created', 'old');
    await storedAt(minutesAgo(now, 60), 'queued', 'queued long ago');
    const handler = makeHandler(fixture.deps({ clock: { now: () => now }, sweep: { staleAfterMinutes: 15, limit: 2 } }));

    const result = await handler(sweepEvent(), schedulerLambdaContext());

    expect(result).toEqual({ action: 'sweep', created: 2, queued: 0, failed: 0 });
    expect((await fixture.takePublished()).map((message) => message.id).sort()).toEqual([oldest.id, older.id].sort());
  });
});

import { describe, expect, it } from '@jest/globals';
import { TICK_TARGET_INPUT, SnsMessagePublisher } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';
import { minutesBefore, storedAt } from '../helpers/stored-at';

const fixture = useSchedulerFixture('sweep-failure');

describe('scheduler handler: sweep when publishing fails', () => {
  it('counts and logs each failed republish, leaves the messages for the next run, and completes', async () => {
    const now = new Date();
    const created = await storedAt(fixture.repository, minutesBefore(now, 30), 'created', 'stuck created');
    const queued = await storedAt(fixture.repository, minutesBefore(now, 30), 'queued', 'stuck queued');
    const unpublishable = new SnsMessagePublisher({
      client: fixture.messaging.sns,
      topicArn: `arn:aws:sns:${fixture.messaging.region}:000000000000:no-such-topic`,
    });
    const handler = makeHandler(fixture.deps({ clock: { now: () => now }, publisher: unpublishable }));

    const result = await handler(schedulerInvocation(TICK_TARGET_INPUT, { scheduleName: 'tick' }), schedulerLambdaContext());

    expect(result).toEqual({ action: 'tick', released: 0, fired: 0, started: 0, failed: 2, sweep: { created: 0, queued: 0, processing: 0, failed: 2 } });
    expect(await fixture.repository.get(created.id)).toEqual(created);
    expect(await fixture.repository.get(queued.id)).toEqual(queued);
    const failures = fixture.logs.filter((line) => line.code === 'UNEXPECTED_ERROR').map((line) => line.message_id);
    expect(failures.sort()).toEqual([created.id, queued.id].sort());
    expect(await fixture.takePublished()).toEqual([]);

    const retried = await makeHandler(fixture.deps({ clock: { now: () => now } }))(
      schedulerInvocation(TICK_TARGET_INPUT, { scheduleName: 'tick' }),
      schedulerLambdaContext(),
    );

    expect(retried).toEqual({ action: 'tick', released: 0, fired: 0, started: 0, failed: 0, sweep: { created: 1, queued: 1, processing: 0, failed: 0 } });
  });
});

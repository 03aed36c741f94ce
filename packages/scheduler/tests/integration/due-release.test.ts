import { describe, expect, it } from '@jest/globals';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { TICK_TARGET_INPUT, buildMessage, ulidGenerator, type Message } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';

const fixture = useSchedulerFixture('due-release');
const ids = ulidGenerator();

/** A message scheduled (an hour before `now`) to be delivered `minutes` after `now`. */
async function scheduledFor(now: Date, minutes: number): Promise<Message> {
  const created = new Date(now.getTime() - 3_600_000);
  const message = buildMessage(
    { message_type: 'manual', payload: `due in ${minutes} min`, created_by: 'scheduler-tests', deliver_at: new Date(now.getTime() + minutes * 60_000) },
    { stage: 'dev', clock: { now: () => created }, ids },
  );
  await fixture.repository.save(message);
  return message;
}

const delayedRecords = async (): Promise<number> => {
  const { Attributes } = await fixture.messaging.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: fixture.messaging.queueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0);
};

describe('scheduler handler: due messages handed to the queue by the periodic run', () => {
  it('sends a delayed record for each scheduled message due within 14 minutes, once, and leaves later ones', async () => {
    const now = new Date();
    const soon = await scheduledFor(now, 10);
    const later = await scheduledFor(now, 60);
    const handler = makeHandler(fixture.deps({ clock: { now: () => now } }));
    const delayedBefore = await delayedRecords();

    const first = await handler(schedulerInvocation(TICK_TARGET_INPUT, { scheduleName: 'tick' }), schedulerLambdaContext());
    const second = await handler(schedulerInvocation(TICK_TARGET_INPUT, { scheduleName: 'tick' }), schedulerLambdaContext());

    expect(first).toMatchObject({ action: 'tick', released: 1, failed: 0 });
    expect(second).toMatchObject({ action: 'tick', released: 0 });
    // Delayed by the 10 minutes left: in the queue, not visible.
    expect(await delayedRecords()).toBe(delayedBefore + 1);
    expect(await fixture.takePublished()).toEqual([]);
    expect((await fixture.repository.get(soon.id))?.status).toBe('scheduled');
    expect((await fixture.repository.get(later.id))?.status).toBe('scheduled');
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'DUE_MESSAGES_RELEASED', released: 1 }));
  });
});

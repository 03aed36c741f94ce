import { describe, expect, it } from '@jest/globals';
import { SnsMessagePublisher, scheduleTargetInput, type ScheduleDefinition } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';

const fixture = useSchedulerFixture('run');

const morning: ScheduleDefinition = {
  name: 'morning-report',
  expression: 'cron(0 9 * * ? *)',
  timezone: 'Europe/London',
  input: { message_type: 'scheduled', payload: 'good morning', title: 'Daily', priority: 4, tags: ['sunrise'], click: 'https://example.com/today' },
};
const bare: ScheduleDefinition = { name: 'bare', expression: 'rate(1 hour)', timezone: 'UTC', input: {} };

describe('scheduler handler: scheduled runs', () => {
  it('stores the run as one queued message carrying the schedule input, and publishes it once', async () => {
    const handler = makeHandler(fixture.deps());
    const event = schedulerInvocation(scheduleTargetInput(morning), { scheduledTime: new Date('2026-03-01T09:00:00Z') });

    const result = await handler(event, schedulerLambdaContext());

    expect(result).toMatchObject({ action: 'schedule', status: 'queued', created: true });
    const stored = await fixture.repository.get((result as { message_id: string }).message_id);
    expect(stored).toMatchObject({
      status: 'queued',
      message_type: 'scheduled',
      payload: 'good morning',
      title: 'Daily',
      priority: 4,
      tags: ['sunrise'],
      click: 'https://example.com/today',
      created_by: 'schedule:morning-report',
      idempotency_key: 'schedule:morning-report:2026-03-01T09:00:00.000Z',
    });
    expect((await fixture.takePublished()).map((message) => message.id)).toEqual([stored?.id]);
  });

  it('fills in the defaults (hello_world, "hello world") for a schedule without input', async () => {
    const handler = makeHandler(fixture.deps());
    const event = schedulerInvocation(scheduleTargetInput(bare), { scheduledTime: new Date('2026-03-01T10:00:00Z') });

    const result = await handler(event, schedulerLambdaContext());

    const stored = await fixture.repository.get((result as { message_id: string }).message_id);
    expect(stored).toMatchObject({ message_type: 'hello_world', payload: 'hello world', status: 'queued' });
    expect(await fixture.takePublished()).toHaveLength(1);
  });

  it('delivers the same event twice → one message and one SNS publish', async () => {
    const handler = makeHandler(fixture.deps());
    const event = schedulerInvocation(scheduleTargetInput(morning), { scheduledTime: new Date('2026-03-02T09:00:00Z') });
    const before = (await fixture.storedMessages()).length;

    const first = await handler(event, schedulerLambdaContext());
    const second = await handler(structuredClone(event), schedulerLambdaContext());

    expect(first).toMatchObject({ created: true, status: 'queued' });
    expect(second).toEqual({ ...first, created: false });
    expect((await fixture.storedMessages()).length).toBe(before + 1);
    expect(await fixture.takePublished()).toHaveLength(1);
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'MESSAGE_DUPLICATE', message_id: (first as { message_id: string }).message_id }));
  });

  it('treats a later attempt of the same run (new execution id, attempt 2) as the same run', async () => {
    const handler = makeHandler(fixture.deps());
    const scheduledTime = new Date('2026-03-03T09:00:00Z');

    const first = await handler(schedulerInvocation(scheduleTargetInput(morning), { scheduledTime, executionId: 'a1b2c3d4e5f60001', attemptNumber: 1 }), schedulerLambdaContext());
    const again = await handler(schedulerInvocation(scheduleTargetInput(morning), { scheduledTime, executionId: 'a1b2c3d4e5f60002', attemptNumber: 2 }), schedulerLambdaContext());

    expect(again).toMatchObject({ message_id: (first as { message_id: string }).message_id, created: false });
    expect(await fixture.takePublished()).toHaveLength(1);
  });

  it('makes a new message for each scheduled time', async () => {
    const handler = makeHandler(fixture.deps());

    const nine = await handler(schedulerInvocation(scheduleTargetInput(morning), { scheduledTime: new Date('2026-03-04T09:00:00Z') }), schedulerLambdaContext());
    const ten = await handler(schedulerInvocation(scheduleTargetInput(morning), { scheduledTime: new Date('2026-03-05T09:00:00Z') }), schedulerLambdaContext());

    expect(nine).toMatchObject({ created: true });
    expect(ten).toMatchObject({ created: true });
    expect((ten as { message_id: string }).message_id).not.toBe((nine as { message_id: string }).message_id);
    expect(await fixture.takePublished()).toHaveLength(2);
  });

  it('fails the invocation when publishing fails, and the retry publishes the same message once', async () => {
    const unpublishable = new SnsMessagePublisher({
      client: fixture.messaging.sns,
      topicArn: `arn:aws:sns:${fixture.messaging.region}:000000000000:no-such-topic`,
    });
    const event = schedulerInvocation(scheduleTargetInput(morning), { scheduledTime: new Date('2026-03-06T09:00:00Z') });
    const before = (await fixture.storedMessages()).length;

    await expect(makeHandler(fixture.deps({ publisher: unpublishable }))(event, schedulerLambdaContext())).rejects.toThrow();

    const afterFailure = await fixture.storedMessages();
    expect(afterFailure.length).toBe(before + 1);
    const stranded = afterFailure.find((message) => message.idempotency_key === 'schedule:morning-report:2026-03-06T09:00:00.000Z');
    expect(stranded?.status).toBe('created');
    expect(await fixture.takePublished()).toHaveLength(0);

    const retried = await makeHandler(fixture.deps())({ ...event, attempt_number: '2' }, schedulerLambdaContext());

    expect(retried).toEqual({ action: 'schedule', message_id: stranded?.id, status: 'queued', created: false });
    expect((await fixture.storedMessages()).length).toBe(before + 1);
    expect((await fixture.repository.get(stranded?.id ?? ''))?.status).toBe('queued');
    expect((await fixture.takePublished()).map((message) => message.id)).toEqual([stranded?.id]);
  });
});

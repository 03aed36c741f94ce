import { describe, expect, it } from '@jest/globals';
import { ValidationError, scheduleTargetInput } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';

const fixture = useSchedulerFixture('invalid');

const good = schedulerInvocation(
  scheduleTargetInput({ name: 'daily', expression: 'rate(1 day)', timezone: 'UTC', input: {} }),
  { scheduledTime: new Date('2026-03-01T09:00:00Z') },
);
const { schedule: _schedule, ...withoutSchedule } = good;
const { scheduled_time: _time, ...withoutTime } = good;

describe('scheduler handler: invalid input', () => {
  it.each([
    ['no schedule name', withoutSchedule, '/schedule is required'],
    ['no scheduled time', withoutTime, '/scheduled_time is required'],
    ['a context attribute Scheduler did not replace', scheduleTargetInput({ name: 'daily', expression: 'rate(1 day)', timezone: 'UTC', input: {} }), '/scheduled_time must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00.000Z'],
    ['a priority out of range', { ...good, priority: 9 }, '/priority must be <= 5'],
    ['an unknown message type', { ...good, message_type: 'spam' }, '/message_type must be one of'],
    ['an unknown field', { ...good, colour: 'red' }, '/colour is not allowed'],
    ['a payload over 4096 bytes', { ...good, payload: 'x'.repeat(4097) }, '/payload must be at most 4096 bytes'],
    ['a schedule name with spaces', { ...good, schedule: 'my schedule' }, '/schedule must match pattern'],
    ['an unknown action', { ...good, action: 'explode' }, '/action must be one of'],
    ['a sweep with extra fields', { action: 'sweep', payload: 'x' }, '/payload is not allowed'],
    ['no input at all', null, 'schedule input is invalid: / must be object'],
    ['a string', 'hello', 'schedule input is invalid: / must be object'],
  ])('refuses %s with a ValidationError naming the field, and stores and sends nothing', async (_name, event, expected) => {
    const handler = makeHandler(fixture.deps());

    const failure = await handler(event, schedulerLambdaContext()).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as Error).message).toContain(expected);
    expect(fixture.logs.at(-1)).toMatchObject({ code: 'REQUEST_REJECTED', level: 'ERROR' });
    expect(await fixture.storedMessages()).toEqual([]);
    expect(await fixture.takePublished()).toEqual([]);
  });

  it('leaves the caller’s event object as it was (defaults go on a copy)', async () => {
    const event = structuredClone(good);

    await makeHandler(fixture.deps())(event, schedulerLambdaContext());

    expect(event).toEqual(good);
    expect(await fixture.takePublished()).toHaveLength(1);
  });
});

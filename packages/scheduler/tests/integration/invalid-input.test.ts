import { describe, expect, it } from '@jest/globals';
import { TICK_TARGET_INPUT, ValidationError } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';

const fixture = useSchedulerFixture('invalid');

const good = schedulerInvocation(TICK_TARGET_INPUT, { scheduledTime: new Date('2026-03-01T09:00:00Z') });
const { scheduled_time: _time, ...withoutTime } = good;
const { action: _action, ...withoutAction } = good;

describe('scheduler handler: invalid input', () => {
  it.each([
    ['no scheduled time', withoutTime, '/scheduled_time is required'],
    ['no action', withoutAction, '/action is required'],
    ['a context attribute Scheduler did not replace', TICK_TARGET_INPUT, '/scheduled_time must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00.000Z'],
    ['an unknown field', { ...good, colour: 'red' }, '/colour is not allowed'],
    ['an unknown action', { ...good, action: 'explode' }, '/action must be one of'],
    ['the retired sweep input', { action: 'sweep', scheduled_time: '2026-03-01T09:00:00Z' }, '/action must be one of'],
    ['no input at all', null, 'tick input is invalid: / must be object'],
    ['a string', 'hello', 'tick input is invalid: / must be object'],
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
});

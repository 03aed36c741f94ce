import { describe, expect, it } from '@jest/globals';
import { ValidationError, type FieldIssue } from '../../src/errors';
import { parseTickInput } from '../../src/schemas/index';
import {
  DEFAULT_SCHEDULES,
  EXECUTION_ID_PLACEHOLDER,
  SCHEDULED_TIME_PLACEHOLDER,
  TICK_EXPRESSION,
  TICK_TARGET_INPUT,
  checkScheduleTiming,
  fillSchedulerContext,
  nextRuns,
  parseSchedules,
  scheduleIssues,
  schedulePeriodSeconds,
  type ScheduleDefinition,
} from '../../src/schedules';

const schedule = (overrides: Partial<ScheduleDefinition> & Record<string, unknown> = {}): ScheduleDefinition => ({
  name: 'daily',
  expression: 'cron(0 9 * * ? *)',
  timezone: 'UTC',
  input: {},
  ...overrides,
});

const issuesOf = (run: () => unknown): readonly FieldIssue[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());
const HOUR = 3_600;
const DAY = 86_400;

describe('scheduleIssues', () => {
  it.each([
    ['rate(1 minute)'],
    ['rate(5 minutes)'],
    ['rate(1 hour)'],
    ['rate(12 hours)'],
    ['rate(1 day)'],
    ['rate(7 days)'],
    ['cron(0 9 * * ? *)'],
    ['cron(0/15 * * * ? *)'],
    ['cron(0 8-17 ? * MON-FRI *)'],
    ['cron(30 6 ? * 2-6 *)'],
    ['cron(0 12 L * ? *)'],
    ['cron(0 12 15W * ? *)'],
    ['cron(0 10 ? * 6L *)'],
    ['cron(0 10 ? * 2#1 *)'],
    ['cron(0 0 1 JAN,JUL ? 2026-2030)'],
  ])('accepts %s', (expression) => {
    expect(scheduleIssues(schedule({ expression: expression as ScheduleDefinition['expression'] }))).toEqual([]);
  });

  it.each([
    ['rate(5 weeks)', 'rate unit "weeks" must be minute(s), hour(s) or day(s)'],
    ['rate(0 minutes)', 'rate value must be a positive whole number'],
    ['rate(1 minutes)', 'must use the singular unit: rate(1 minute)'],
    ['rate(5 minute)', 'must use the plural unit: rate(5 minutes)'],
    ['rate(five minutes)', 'is not rate(<number> <unit>)'],
    ['cron(0 9 * * *)', 'cron() needs 6 fields'],
    ['cron(0 0 9 * * ? *)', 'cron() needs 6 fields'],
    ['cron(0 9 * * * *)', 'exactly one of day-of-month ("*") and day-of-week ("*") must be "?"'],
    ['cron(0 9 ? * ? *)', 'exactly one of day-of-month ("?") and day-of-week ("?") must be "?"'],
    ['cron(? 9 * * ? *)', '"?" is only allowed in day-of-month or day-of-week, not in minutes'],
    ['cron(60 9 * * ? *)', 'minutes field "60": "60" is out of range 0-59'],
    ['cron(0 24 * * ? *)', 'hours field "24": "24" is out of range 0-23'],
    ['cron(0 9 ? * 0 *)', 'day-of-week field "0": "0" is out of range 1-7 or SUN-SAT'],
    ['cron(0 9 ? * FUN *)', 'day-of-week field "FUN"'],
    ['cron(0 9 * 13 ? *)', 'month field "13": "13" is out of range 1-12 or JAN-DEC'],
    ['cron(0 9 * * ? 1969)', 'year field "1969"'],
    ['cron(0/0 9 * * ? *)', 'step "0" must be a positive number'],
    ['every day', 'must be rate(...) or cron(...)'],
  ])('rejects %s with a clear reason', (expression, reason) => {
    const issues = scheduleIssues(schedule({ expression: expression as ScheduleDefinition['expression'] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('/expression');
    expect(issues[0]?.message).toContain(reason);
  });

  it.each([
    ['UTC', undefined],
    ['Europe/London', undefined],
    ['America/Argentina/Buenos_Aires', undefined],
    ['Mars/Olympus_Mons', 'is not an IANA time zone'],
    ['+01:00', 'is a UTC offset, not an IANA time zone'],
    ['europe/london', 'must be spelled "Europe/London"'],
  ])('time zone %s', (timezone, reason) => {
    const issues = scheduleIssues(schedule({ timezone }));
    if (reason === undefined) {
      expect(issues).toEqual([]);
    } else {
      expect(issues).toEqual([{ path: '/timezone', message: expect.stringContaining(reason) }]);
    }
  });

  it.each([[''], ['a'.repeat(65)], ['with space'], ['dots.not.allowed'], ['ünïcode'], [42]])('rejects the name %p', (name: unknown) => {
    expect(scheduleIssues({ ...schedule(), name })).toEqual([{ path: '/name', message: expect.stringContaining('1 to 64 letters') }]);
  });

  it.each([['Daily'], ['9am'], ['a'.repeat(64)], ['sweep'], ['A_b-9']])('accepts the name %p, as the API does', (name) => {
    expect(scheduleIssues(schedule({ name }))).toEqual([]);
  });

  it.each([
    ['an unknown message_type', { message_type: 'birthday' }, '/input/message_type', 'must be one of: hello_world, manual, scheduled'],
    ['an empty payload', { payload: '' }, '/input/payload', 'must NOT have fewer than 1 characters'],
    ['a payload over 4 KB', { payload: 'x'.repeat(4097) }, '/input/payload', 'must be at most 4096 bytes of UTF-8'],
    ['priority 6', { priority: 6 }, '/input/priority', 'must be <= 5'],
    ['tags as a string', { tags: 'a,b' }, '/input/tags', 'must be array'],
    ['eleven tags (what the function would refuse at run time)', { tags: Array.from({ length: 11 }, () => 't') }, '/input/tags', 'must NOT have more than 10 items'],
    ['a click that is no URL', { click: 'not a url' }, '/input/click', 'must be an http or https URL'],
    ['a javascript: click', { click: 'javascript:alert(1)' }, '/input/click', 'must be an http or https URL'],
    ['an unknown field', { colour: 'red' }, '/input/colour', 'is not allowed'],
  ])('rejects %s in the input', (_, input, path, reason) => {
    expect(scheduleIssues(schedule({ input: input as ScheduleDefinition['input'] }))).toEqual([
      { path, message: expect.stringContaining(reason) },
    ]);
  });
});

describe('parseSchedules', () => {
  it('fills in the UTC time zone and an empty input', () => {
    expect(parseSchedules([{ name: 'tick', expression: 'rate(1 hour)' }])).toEqual([
      { name: 'tick', expression: 'rate(1 hour)', timezone: 'UTC', input: {} },
    ]);
  });

  it('accepts the default schedules', () => {
    expect(parseSchedules(DEFAULT_SCHEDULES)).toEqual(DEFAULT_SCHEDULES);
  });

  it('lists every problem of every schedule with its path', () => {
    const issues = issuesOf(() =>
      parseSchedules([
        { name: 'ok', expression: 'rate(1 hour)' },
        { name: 'Bad name', expression: 'cron(0 9 * * *)', timezone: 'Nowhere/City' },
      ]),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['/1/name', '/1/expression', '/1/timezone']);
  });

  it('rejects duplicate names', () => {
    const issues = issuesOf(() => parseSchedules([schedule(), schedule()]));
    expect(issues).toEqual([{ path: '/1/name', message: '"daily" is used by more than one schedule' }]);
  });

  it.each([[null], [{}], ['rate(1 hour)']])('rejects %p as not a list', (raw) => {
    expect(issuesOf(() => parseSchedules(raw))).toEqual([{ path: '/', message: 'must be a list of schedule definitions' }]);
  });

  it('puts every problem in the error message', () => {
    expect(() => parseSchedules([schedule({ expression: 'rate(2 weeks)' as ScheduleDefinition['expression'] })])).toThrow(
      'invalid schedules: /0/expression: rate unit "weeks" must be minute(s), hour(s) or day(s)',
    );
  });
});

describe('nextRuns', () => {
  const after = new Date('2026-03-27T12:00:00Z'); // a Friday, two days before Europe's DST change

  it.each<[string, Partial<ScheduleDefinition>, string[]]>([
    ['daily at 09:00 UTC', {}, ['2026-03-28T09:00:00.000Z', '2026-03-29T09:00:00.000Z', '2026-03-30T09:00:00.000Z']],
    [
      'daily at 09:00 London across the DST change',
      { timezone: 'Europe/London' },
      ['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z'],
    ],
    [
      'weekdays only (MON-FRI)',
      { expression: 'cron(30 8 ? * MON-FRI *)' },
      ['2026-03-30T08:30:00.000Z', '2026-03-31T08:30:00.000Z', '2026-04-01T08:30:00.000Z'],
    ],
    [
      'numeric day-of-week counts 1 as Sunday',
      { expression: 'cron(0 7 ? * 1 *)' },
      ['2026-03-29T07:00:00.000Z', '2026-04-05T07:00:00.000Z', '2026-04-12T07:00:00.000Z'],
    ],
    [
      'last Friday of the month (6L)',
      { expression: 'cron(0 10 ? * 6L *)' },
      ['2026-04-24T10:00:00.000Z', '2026-05-29T10:00:00.000Z', '2026-06-26T10:00:00.000Z'],
    ],
    [
      'start/step minutes (0/20)',
      { expression: 'cron(0/20 12 * * ? *)' },
      ['2026-03-27T12:20:00.000Z', '2026-03-27T12:40:00.000Z', '2026-03-28T12:00:00.000Z'],
    ],
    [
      'a year field skips to that year',
      { expression: 'cron(0 0 1 JAN ? 2028-2029)' },
      ['2028-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'],
    ],
  ])('%s', (_, overrides, expected) => {
    expect(iso(nextRuns(schedule(overrides), after, 3))).toEqual(expected);
  });

  it('counts a rate from its anchor', () => {
    const anchor = new Date('2026-03-27T11:50:00Z');
    expect(iso(nextRuns(schedule({ expression: 'rate(15 minutes)' }), after, 3, anchor))).toEqual([
      '2026-03-27T12:05:00.000Z',
      '2026-03-27T12:20:00.000Z',
      '2026-03-27T12:35:00.000Z',
    ]);
  });

  it('starts a rate one period after `after` when no anchor is given', () => {
    expect(iso(nextRuns(schedule({ expression: 'rate(2 hours)' }), after, 2))).toEqual([
      '2026-03-27T14:00:00.000Z',
      '2026-03-27T16:00:00.000Z',
    ]);
  });
});

describe('the tick', () => {
  it('fires at second 0 of every minute, in the syntax the stack’s parser accepts', () => {
    expect(TICK_EXPRESSION).toBe('cron(* * * * ? *)');
    expect(() => checkScheduleTiming(TICK_EXPRESSION, 'UTC')).not.toThrow();
    expect(iso(nextRuns(schedule({ expression: TICK_EXPRESSION }), new Date('2026-03-27T12:00:17.250Z'), 3))).toEqual([
      '2026-03-27T12:01:00.000Z',
      '2026-03-27T12:02:00.000Z',
      '2026-03-27T12:03:00.000Z',
    ]);
  });
});

describe('schedulePeriodSeconds', () => {
  it.each<[string, ScheduleDefinition['expression'], string, number]>([
    ['rate minutes', 'rate(5 minutes)', 'UTC', 5 * 60],
    ['rate hour', 'rate(1 hour)', 'UTC', HOUR],
    ['rate days', 'rate(3 days)', 'UTC', 3 * DAY],
    ['daily cron in UTC', 'cron(0 9 * * ? *)', 'UTC', DAY],
    ['daily cron across a DST change is the longer day', 'cron(0 9 * * ? *)', 'Europe/London', DAY + HOUR],
    ['every 15 minutes', 'cron(0/15 * * * ? *)', 'UTC', 15 * 60],
    ['weekday mornings: the weekend gap', 'cron(30 8 ? * MON-FRI *)', 'UTC', 3 * DAY],
    ['office hours every minute: the weekend gap', 'cron(* 9-17 ? * MON-FRI *)', 'UTC', 2 * DAY + 15 * HOUR + 60],
    ['first of the month: the longest month', 'cron(0 0 1 * ? *)', 'UTC', 31 * DAY],
  ])('%s', (_, expression, timezone, seconds) => {
    expect(schedulePeriodSeconds(schedule({ expression, timezone }))).toBe(seconds);
  });
});

describe('fillSchedulerContext', () => {
  const run = {
    scheduledTime: '2026-01-31T09:00:00Z',
    executionId: 'b1f0c7a2-0000-4000-8000-000000000001',
    scheduleArn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/rez-agent-dev-tick/tick',
    attemptNumber: 2,
  };

  it('fills every placeholder of the tick the way Scheduler does, and the function accepts the result', () => {
    const event = fillSchedulerContext(TICK_TARGET_INPUT, run);
    expect(JSON.stringify(event)).not.toContain('<aws.scheduler.');
    expect(parseTickInput(event)).toEqual({
      action: 'tick',
      scheduled_time: run.scheduledTime,
      execution_id: run.executionId,
      schedule_arn: run.scheduleArn,
      attempt_number: '2',
    });
  });

  it('an unfilled tick input is refused by the function', () => {
    expect(() => parseTickInput(TICK_TARGET_INPUT)).toThrow(ValidationError);
    expect(JSON.stringify(TICK_TARGET_INPUT)).toContain(SCHEDULED_TIME_PLACEHOLDER);
    expect(JSON.stringify(TICK_TARGET_INPUT)).toContain(EXECUTION_ID_PLACEHOLDER);
  });
});

import { ValidationError, type FieldIssue } from '../errors';
import type { MessageContent } from '../message/message';
import { scheduleInputIssues } from '../schemas/index';
import { checkTimezone, expressionProblem } from './expression';
import { SCHEDULE_NAME_PATTERN, type ScheduleMessage } from './schedule';

/**
 * The stack's schedules, defined once for the Pulumi program and the local sandbox: both read
 * the same `rez-agent:schedules` list from `Pulumi.<stage>.yaml`, check it here, and write each
 * as a schedule item (`source: stack`) that the tick fires like any other.
 *
 * Expressions are EventBridge Scheduler's: `rate(5 minutes)` or the six-field
 * `cron(minutes hours day-of-month month day-of-week year)` where exactly one of the two day
 * fields is `?` and day-of-week counts 1 = SUN .. 7 = SAT.
 */

/** The message a schedule creates; unset fields take the scheduler's defaults. */
export type ScheduleInput = Partial<Omit<MessageContent, 'markdown'>>;

export interface ScheduleDefinition {
  /** 1–64 letters, digits, `-` and `_` (as the API's); unique; part of each occurrence's message id. */
  name: string;
  expression: `rate(${string})` | `cron(${string})`;
  /** IANA time zone the cron fields are read in, e.g. `Europe/London`. */
  timezone: string;
  input: ScheduleInput;
}

export const DEFAULT_SCHEDULES: readonly ScheduleDefinition[] = [
  {
    name: 'daily-hello-world',
    expression: 'cron(0 9 * * ? *)',
    timezone: 'UTC',
    input: { message_type: 'hello_world', payload: 'hello world', title: 'rez-agent' },
  },
];

/** The defaults a stack schedule's message takes for what its `input` leaves out. */
export const STACK_MESSAGE_DEFAULTS = { message_type: 'hello_world', payload: 'hello world' } as const;

/** The message a stack schedule creates on each occurrence. */
export function stackScheduleMessage(definition: ScheduleDefinition): ScheduleMessage {
  return { ...STACK_MESSAGE_DEFAULTS, ...definition.input };
}

function checkInput(input: unknown, path: string): FieldIssue[] {
  // The same schema the scheduler function applies at run time: a definition that passes here
  // cannot fail there.
  return input === undefined ? [] : scheduleInputIssues(input, path);
}

/** What is wrong with a schedule's expression and time zone (of unknown type), under `path`. */
export function timingIssues(expression: unknown, timezone: unknown, path = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof expression !== 'string') {
    issues.push({ path: `${path}/expression`, message: 'must be a rate(...) or cron(...) expression' });
  } else if (expression.startsWith('rate(') || expression.startsWith('cron(')) {
    const problem = expressionProblem(expression);
    if (problem) issues.push({ path: `${path}/expression`, message: problem });
  } else {
    issues.push({ path: `${path}/expression`, message: `"${expression}" must be rate(...) or cron(...)` });
  }
  if (typeof timezone !== 'string') {
    issues.push({ path: `${path}/timezone`, message: 'must be an IANA time zone such as UTC or Europe/London' });
  } else {
    const problem = checkTimezone(timezone);
    if (problem) issues.push({ path: `${path}/timezone`, message: problem });
  }
  return issues;
}

/** Throws a ValidationError naming `/expression` and `/timezone` when either is not one the stack would accept. */
export function checkScheduleTiming(expression: string, timezone: string): void {
  const issues = timingIssues(expression, timezone);
  if (issues.length) throw new ValidationError(`invalid schedule: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`, issues);
}

/** Every problem with one schedule definition (of unknown shape), with JSON paths under `path`. */
export function scheduleIssues(definition: unknown, path = ''): FieldIssue[] {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    return [{ path: path || '/', message: 'must be an object with name, expression, timezone and input' }];
  }
  const { name, expression, timezone, input } = definition as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  if (typeof name !== 'string' || !SCHEDULE_NAME_PATTERN.test(name)) {
    issues.push({ path: `${path}/name`, message: `${JSON.stringify(name)} must be 1 to 64 letters, digits, "-" or "_"` });
  }
  issues.push(...timingIssues(expression, timezone, path));
  issues.push(...checkInput(input, `${path}/input`));
  return issues;
}

/**
 * Checks a list of schedule definitions as read from config (unknown shape) and returns them
 * typed, with defaults filled in (`timezone` UTC, `input` {}). Throws one ValidationError listing
 * every problem, each with the JSON path of the bad field.
 */
export function parseSchedules(raw: unknown): ScheduleDefinition[] {
  if (!Array.isArray(raw)) {
    throw new ValidationError('schedules must be a list', [{ path: '/', message: 'must be a list of schedule definitions' }]);
  }
  const withDefaults: unknown[] = raw.map((item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item) ? { timezone: 'UTC', input: {}, ...item } : item,
  );
  const issues = withDefaults.flatMap((item, index) => scheduleIssues(item, `/${index}`));
  const names = withDefaults.map((item) => (item as { name?: unknown } | null)?.name);
  names.forEach((name, index) => {
    if (typeof name === 'string' && names.indexOf(name) !== index) {
      issues.push({ path: `/${index}/name`, message: `"${name}" is used by more than one schedule` });
    }
  });
  if (issues.length) {
    const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ValidationError(`invalid schedules: ${detail}`, issues);
  }
  return withDefaults as ScheduleDefinition[];
}


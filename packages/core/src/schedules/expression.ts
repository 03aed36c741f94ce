import { Cron } from 'croner';
import { ValidationError } from '../errors';
import type { ScheduleDefinition } from './definition';

/**
 * EventBridge Scheduler's expressions: `rate(5 minutes)` or the six-field
 * `cron(minutes hours day-of-month month day-of-week year)`, checked, and turned into run times.
 */

const RATE_PATTERN = /^rate\((\d+) ([a-z]+)\)$/;
const CRON_PATTERN = /^cron\((.*)\)$/;
const RATE_UNITS = { minute: 60, hour: 3_600, day: 86_400 } as const;
type RateUnit = keyof typeof RATE_UNITS;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Extra single-value forms the field accepts besides numbers and names. */
  special?: RegExp;
}

const CRON_FIELDS: readonly CronField[] = [
  { label: 'minutes', min: 0, max: 59 },
  { label: 'hours', min: 0, max: 23 },
  { label: 'day-of-month', min: 1, max: 31, special: /^(L|LW|\d{1,2}W)$/ },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, special: /^(L|[1-7A-Z]{1,3}L|[1-7A-Z]{1,3}#[1-5])$/ },
  { label: 'year', min: 1970, max: 2199 },
];

function parseRate(expression: string): { value: number; unit: RateUnit } | string {
  const match = RATE_PATTERN.exec(expression);
  if (!match) return `"${expression}" is not rate(<number> <unit>), e.g. rate(5 minutes)`;
  const value = Number(match[1]);
  const word = match[2] ?? '';
  const unit = word.replace(/s$/, '') as RateUnit;
  if (!(unit in RATE_UNITS)) return `rate unit "${word}" must be minute(s), hour(s) or day(s)`;
  if (value < 1) return 'rate value must be a positive whole number';
  if (value === 1 && word !== unit) return `rate(1 ${word}) must use the singular unit: rate(1 ${unit})`;
  if (value > 1 && word === unit) return `rate(${value} ${word}) must use the plural unit: rate(${value} ${unit}s)`;
  return { value, unit };
}

function fieldValue(raw: string, field: CronField): number | undefined {
  const index = field.names?.indexOf(raw.toUpperCase()) ?? -1;
  if (index >= 0) return index + 1;
  if (!/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= field.min && value <= field.max ? value : undefined;
}

function checkCronField(raw: string, field: CronField): string | undefined {
  const bad = `${field.label} field "${raw}"`;
  const range = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ''}`;
  if (raw === '*' || raw === '?') return undefined;
  for (const part of raw.split(',')) {
    if (field.special?.test(part.toUpperCase())) {
      const head = /^([0-9A-Z]+)(?=[LW#])/i.exec(part)?.[1];
      if (head && fieldValue(head, field) === undefined) return `${bad}: "${head}" is out of range ${range}`;
      continue;
    }
    const [base = '', step, ...extra] = part.split('/');
    if (extra.length) return `${bad}: more than one "/"`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1)) return `${bad}: step "${step}" must be a positive number`;
    if (base === '*') {
      if (step === undefined) return `${bad}: "*" cannot be combined in a list`;
      continue;
    }
    const [from = '', to, ...more] = base.split('-');
    if (more.length) return `${bad}: a range has one "-"`;
    for (const bound of to === undefined ? [from] : [from, to]) {
      if (fieldValue(bound, field) === undefined) return `${bad}: "${bound}" is out of range ${range}`;
    }
  }
  return undefined;
}

/** The six EventBridge fields, checked; a string is the reason the expression is invalid. */
function parseCron(expression: string): string[] | string {
  const match = CRON_PATTERN.exec(expression);
  if (!match) return `"${expression}" is not cron(...)`;
  const fields = (match[1] ?? '').trim().split(/\s+/);
  if (fields.length !== 6) {
    return `cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}: "${expression}"`;
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const raw = fields[index] ?? '';
    if (raw === '?' && index !== 2 && index !== 4) return `"?" is only allowed in day-of-month or day-of-week, not in ${field.label}`;
    const problem = checkCronField(raw, field);
    if (problem) return problem;
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return `exactly one of day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}") must be "?", e.g. cron(0 9 * * ? *)`;
  }
  return fields;
}

/** EventBridge `N/step` means from N to the field's end; croner wants that range spelled out. */
function expandSteps(raw: string, field: CronField): string {
  return raw
    .split(',')
    .map((part) => part.replace(/^(\d+|[A-Z]{3})\/(\d+)$/i, (_, start: string, step: string) => `${start}-${field.max}/${step}`))
    .join(',');
}

/** EventBridge's fields in croner's 7-part (seconds .. year) form, Quartz weekday numbering. */
function toCronerPattern(fields: readonly string[]): string {
  const translated = fields.map((raw, index) => {
    const field = CRON_FIELDS[index] as CronField;
    if (raw === '?') return '*';
    if (index === 4) {
      // `6L` is the last Friday of the month: croner spells it `6#L`; a bare `L` is Saturday.
      if (raw.toUpperCase() === 'L') return '7';
      return expandSteps(raw, field).replace(/^([0-9A-Z]{1,3})L$/i, '$1#L');
    }
    return expandSteps(raw, field);
  });
  return ['0', ...translated].join(' ');
}

export function checkTimezone(timezone: string): string | undefined {
  if (timezone === 'UTC' || supportedTimeZones().has(timezone)) return undefined;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return `"${timezone}" is not an IANA time zone (e.g. UTC, Europe/London, America/New_York)`;
  }
  if (/^[+-]\d/.test(timezone)) return `"${timezone}" is a UTC offset, not an IANA time zone; use e.g. Etc/GMT-1 or Europe/Paris`;
  if (canonical === timezone || canonical.toLowerCase() !== timezone.toLowerCase()) return undefined;
  return `"${timezone}" must be spelled "${canonical}"`;
}

let timeZones: Set<string> | undefined;
function supportedTimeZones(): Set<string> {
  timeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return timeZones;
}


/** What is wrong with a rate() or cron() expression, or undefined when it is valid. */
export function expressionProblem(expression: string): string | undefined {
  if (expression.startsWith('rate(')) {
    const rate = parseRate(expression);
    return typeof rate === 'string' ? rate : undefined;
  }
  const fields = parseCron(expression);
  if (typeof fields === 'string') return fields;
  try {
    new Cron(toCronerPattern(fields), { mode: '7-part', alternativeWeekdays: true, paused: true });
    return undefined;
  } catch (error) {
    return `"${expression}": ${(error as Error).message}`;
  }
}

/** What an occurrence computation needs of a schedule (a stack definition or a stored schedule). */
export type ScheduleTiming = Pick<ScheduleDefinition, 'name' | 'timezone'> & { expression: string };

function cronFor(definition: ScheduleTiming): Cron {
  const fields = parseCron(definition.expression);
  if (typeof fields === 'string') throw new ValidationError(`invalid schedule ${definition.name}: ${fields}`, []);
  return new Cron(toCronerPattern(fields), {
    mode: '7-part',
    alternativeWeekdays: true,
    timezone: definition.timezone,
    paused: true,
  });
}

/** A rate()'s step in seconds; undefined for a cron(). */
export function rateSeconds(definition: ScheduleTiming): number | undefined {
  if (!definition.expression.startsWith('rate(')) return undefined;
  const rate = parseRate(definition.expression);
  if (typeof rate === 'string') throw new ValidationError(`invalid schedule ${definition.name}: ${rate}`, []);
  return rate.value * RATE_UNITS[rate.unit];
}

/**
 * The next `count` run times strictly after `after`. A rate() schedule is taken to start at
 * `anchor` (the time it was created; the sandbox passes its start time), as EventBridge
 * Scheduler counts a rate from when the schedule was created.
 */
export function nextRuns(definition: ScheduleTiming, after: Date, count: number, anchor: Date = after): Date[] {
  const seconds = rateSeconds(definition);
  if (seconds === undefined) return cronFor(definition).nextRuns(count, after);
  const step = seconds * 1000;
  const elapsed = after.getTime() - anchor.getTime();
  const first = anchor.getTime() + (Math.floor(elapsed / step) + 1) * step;
  return Array.from({ length: count }, (_, index) => new Date(first + index * step));
}

/** A cron schedule's runs are walked one by one for this long, which shows its short gaps... */
const EXACT_SAMPLE = { runs: 1_500, spanMs: 8 * 86_400_000 };
/** ...and probed every 6 hours for a year and a month, which finds every gap of 6 hours or more. */
const PROBE = { stepMs: 6 * 3_600_000, spanMs: 400 * 86_400_000 };

/**
 * The longest time between two consecutive runs, in seconds: exact for rate(); for cron() the
 * largest gap seen from `from` on: every gap of the first 8 days (or 1,500 runs), and every gap
 * of 6 hours or more (weekends, months, DST days) over the next 400 days. The missed-schedule
 * alarm waits 1.5 times this.
 */
export function schedulePeriodSeconds(definition: ScheduleTiming, from: Date = new Date('2026-01-01T00:00:00Z')): number {
  const seconds = rateSeconds(definition);
  if (seconds !== undefined) return seconds;
  const cron = cronFor(definition);
  let longest = 0;
  let previous = cron.nextRun(from);
  const exactEnd = from.getTime() + EXACT_SAMPLE.spanMs;
  for (let runs = 1; previous && previous.getTime() < exactEnd && runs < EXACT_SAMPLE.runs; runs += 1) {
    const next = cron.nextRun(previous);
    if (!next) break;
    longest = Math.max(longest, next.getTime() - previous.getTime());
    previous = next;
  }
  let lastSeen = 0;
  for (let probe = from.getTime(); probe < from.getTime() + PROBE.spanMs; probe += PROBE.stepMs) {
    const next = cron.nextRun(new Date(probe));
    if (!next) break;
    if (next.getTime() === lastSeen) continue;
    lastSeen = next.getTime();
    const before = cron.previousRuns(1, next)[0];
    if (before) longest = Math.max(longest, next.getTime() - before.getTime());
  }
  if (longest === 0) {
    throw new ValidationError(`schedule ${definition.name} (${definition.expression}) runs at most once, so it has no period`, []);
  }
  return longest / 1000;
}


/** The latest cron() occurrence at or before `at`, if any. */
export function latestCronRunAtOrBefore(definition: ScheduleTiming, at: Date): Date | undefined {
  return cronFor(definition).previousRuns(1, new Date(at.getTime() + 1))[0] ?? undefined;
}

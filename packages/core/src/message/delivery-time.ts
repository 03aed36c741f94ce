import { ValidationError } from '../errors';
import { MAX_SCHEDULE_DAYS } from './message';

/** When to deliver, as a sender writes it: an absolute time or a wait, never both. */
export interface DeliveryTimeInput {
  /** RFC 3339 with an offset, e.g. `2026-12-24T18:00:00+01:00`. */
  deliver_at?: string;
  /** `30s`, `15m`, `2h`, `7d`, or ISO 8601 such as `PT15M` or `P1DT2H`. */
  delay?: string;
}

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const UNIT_MS: Readonly<Record<string, number>> = { s: SECOND, m: 60 * SECOND, h: 3600 * SECOND, d: DAY };
const SHORT_DELAY = /^(\d{1,9})([smhd])$/;
const ISO_DURATION = /^P(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9}(?:\.\d{1,3})?)S)?)?$/;
/** RFC 3339 date-time; the offset is required so the instant is never guessed. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

const invalid = (field: keyof DeliveryTimeInput, message: string): ValidationError =>
  new ValidationError(`invalid ${field}`, [{ path: `/${field}`, message }]);

/** A wait in milliseconds, or undefined when the text is not one of the accepted forms. */
export function parseDelay(text: string): number | undefined {
  const short = SHORT_DELAY.exec(text);
  if (short) return Number(short[1]) * (UNIT_MS[short[2] ?? 's'] ?? SECOND);
  const iso = ISO_DURATION.exec(text.toUpperCase());
  if (!iso || text.length <= 1 || /T$/i.test(text)) return undefined;
  const [, weeks = '0', days = '0', hours = '0', minutes = '0', seconds = '0'] = iso;
  const wholeDays = Number(weeks) * 7 + Number(days);
  return Math.round(wholeDays * DAY + Number(hours) * 3600 * SECOND + Number(minutes) * 60 * SECOND + Number(seconds) * SECOND);
}

/** The instant an RFC 3339 date-time with offset names, or undefined when it is not one (or not a real date). */
export function parseRfc3339(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map<number>(Number);
  const calendar = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0));
  // Date.UTC rolls 2026-02-30 over into March: a date that does not exist is refused instead.
  if (calendar.getUTCDate() !== day || calendar.getUTCHours() !== hour || calendar.getUTCMinutes() !== minute) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * The delivery time a sender asked for, checked against `now`: undefined when they asked for
 * nothing (deliver now). Throws a ValidationError naming the field when both are given, when a
 * value cannot be read, when it is not in the future, or when it is more than 365 days ahead.
 */
export function resolveDeliveryTime(input: DeliveryTimeInput, now: Date): Date | undefined {
  const { deliver_at: at, delay } = input;
  if (at !== undefined && delay !== undefined) {
    throw new ValidationError('deliver_at and delay exclude each other', [
      { path: '/delay', message: 'must not be given together with deliver_at' },
    ]);
  }
  if (at === undefined && delay === undefined) return undefined;
  const field: keyof DeliveryTimeInput = at !== undefined ? 'deliver_at' : 'delay';
  let when: Date;
  if (at !== undefined) {
    const parsed = parseRfc3339(at);
    if (!parsed) throw invalid(field, 'must be an RFC 3339 date-time with an offset, e.g. 2026-12-24T18:00:00+01:00');
    when = parsed;
  } else {
    const wait = parseDelay(delay ?? '');
    if (wait === undefined) throw invalid(field, 'must be a duration such as 30s, 15m, 2h, 7d or PT15M');
    when = new Date(now.getTime() + wait);
  }
  if (when.getTime() <= now.getTime()) throw invalid(field, 'must be in the future');
  if (when.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * DAY) {
    throw invalid(field, `must be at most ${MAX_SCHEDULE_DAYS} days ahead`);
  }
  return when;
}

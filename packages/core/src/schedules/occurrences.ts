import { latestCronRunAtOrBefore, nextRuns, rateSeconds, type ScheduleTiming } from './expression';

/**
 * When a schedule runs, for the tick. Time zones and DST are croner's (with the zone's IANA
 * rules from Intl): a 09:00 Europe/London cron fires at 09:00 local on both sides of a change,
 * once, and a rate() steps in fixed seconds from its anchor.
 */

/** The first occurrence strictly after `after`, or null when the expression has no more (a cron's last year passed). */
export function nextOccurrence(timing: ScheduleTiming, after: Date, anchor: Date): Date | null {
  return nextRuns(timing, after, 1, anchor)[0] ?? null;
}

export interface DueOccurrence {
  /** The occurrence to fire now: the latest one at or before the tick. */
  occurrence: Date;
  /** Occurrences from `nextRunAt` up to (not including) `occurrence`: skipped while the tick was down. */
  missed: number;
  /** The occurrence after `occurrence`: the schedule's new next run. */
  next: Date | null;
}

/** A cron() is walked one occurrence at a time for at most this many before the count stops. */
const MAX_COUNTED = 10_000;

/**
 * What a tick at `now` fires for a schedule whose next run `nextRunAt` has come (≤ now): only the
 * latest occurrence, once, however many were missed before it, and how many that was (for a
 * cron, counted up to MAX_COUNTED).
 */
export function dueOccurrence(timing: ScheduleTiming, nextRunAt: Date, now: Date, anchor: Date): DueOccurrence {
  const seconds = rateSeconds(timing);
  if (seconds !== undefined) {
    const step = seconds * 1000;
    const latest = anchor.getTime() + Math.floor((now.getTime() - anchor.getTime()) / step) * step;
    const occurrence = new Date(Math.max(latest, nextRunAt.getTime()));
    const missed = Math.max(0, Math.round((occurrence.getTime() - nextRunAt.getTime()) / step));
    return { occurrence, missed, next: new Date(occurrence.getTime() + step) };
  }
  let occurrence = nextRunAt;
  let missed = 0;
  for (;;) {
    const following = nextOccurrence(timing, occurrence, anchor);
    if (!following || following.getTime() > now.getTime()) return { occurrence, missed, next: following };
    if (missed === MAX_COUNTED) break;
    occurrence = following;
    missed += 1;
  }
  // A long outage of a frequent cron: jump to the latest occurrence; the count stops at MAX_COUNTED.
  const latest = latestCronRunAtOrBefore(timing, now) ?? occurrence;
  return { occurrence: latest, missed, next: nextOccurrence(timing, latest, anchor) };
}

import { settleEach } from '../concurrency';
import { MessageExistsError } from '../errors';
import type { DueSchedule, ScheduleRepository } from '../ports/schedule-repository';
import { dueOccurrence, nextOccurrence } from '../schedules/occurrences';
import { occurrenceMessageId, scheduleCreator, type Schedule } from '../schedules/schedule';
import { IDEMPOTENCY_LEASE_SECONDS, createMessage, type CreateMessageDeps } from './create-message';
import { publishAndQueue } from './publish-message';

export interface FireSchedulesDeps extends CreateMessageDeps {
  schedules: ScheduleRepository;
}

export interface FiredOccurrence {
  schedule: string;
  occurrence: string;
  /** The occurrence's message (the same id for every tick that fires it). */
  message_id: string;
  /** false when an earlier or overlapping tick had created it: nothing new was stored. */
  created: boolean;
  /** Occurrences skipped before this one (the tick was down). */
  missed: number;
  /** From the occurrence to its message being stored. */
  lateness_seconds: number;
}

export interface FireSchedulesResult {
  fired: FiredOccurrence[];
  /** Schedules whose first (or, after a deploy changed them, new) next run was computed. */
  started: string[];
  failures: { schedule: string; error: unknown }[];
}

export interface FireSchedulesOptions {
  limit: number;
  /** The tick's scheduled time (`tickTime`): what is due, and which occurrence, is decided as of it. Default: the clock. */
  asOf?: Date;
}

/** Schedules fired a few at a time: quick enough for a minute's worth, gentle on the table. */
const CONCURRENCY = 8;

/**
 * The tick's schedule step: every enabled schedule whose next run has come (the due index, no
 * Scan) gets the message of its latest due occurrence, once. The message is stored under an id
 * derived from schedule + occurrence with a conditional put before the schedule moves on, and the
 * move is conditional on the due value read, so a retried, repeated or overlapping tick creates no
 * second message and a crash between the two only repeats the (idempotent) create. Occurrences
 * missed while the tick was down are counted in `missed_runs`, not fired.
 */
export async function fireDueSchedules(deps: FireSchedulesDeps, options: FireSchedulesOptions): Promise<FireSchedulesResult> {
  const now = options.asOf ?? deps.clock.now();
  const due = await deps.schedules.findDue(now, options.limit);
  const result: FireSchedulesResult = { fired: [], started: [], failures: [] };
  const outcomes = await settleEach(due, CONCURRENCY, (entry): Promise<FiredOccurrence | 'started'> => (entry.redefined ? start(deps, entry, now) : fire(deps, entry, now)));
  outcomes.forEach((outcome, index) => {
    const { schedule } = due[index] as DueSchedule;
    if (outcome.status === 'rejected') result.failures.push({ schedule: schedule.name, error: outcome.reason });
    else if (outcome.value === 'started') result.started.push(schedule.name);
    else result.fired.push(outcome.value);
  });
  return result;
}

/** A definition the deploy wrote: its next run from now on (nothing fires for the time before it existed). */
async function start(deps: FireSchedulesDeps, { schedule, dueAt }: DueSchedule, now: Date): Promise<'started'> {
  const next = schedule.state === 'enabled' ? nextOccurrence(schedule, now, new Date(schedule.anchor_at)) : null;
  await deps.schedules.update(
    schedule.name,
    {
      state: schedule.state,
      anchor_at: schedule.anchor_at,
      created_at: schedule.created_at,
      updated_at: schedule.updated_at,
      missed_runs: schedule.missed_runs,
      next_run_at: next?.toISOString() ?? null,
      due: next?.toISOString() ?? null,
    },
    { dueAt },
  );
  return 'started';
}

async function fire(deps: FireSchedulesDeps, { schedule, dueAt }: DueSchedule, now: Date): Promise<FiredOccurrence> {
  const nextRunAt = new Date(schedule.next_run_at ?? dueAt);
  const { occurrence, missed, next } = dueOccurrence(schedule, nextRunAt, now, new Date(schedule.anchor_at));
  const created = await createOccurrenceMessage(deps, schedule, occurrence);
  const lateness = Math.max(0, (deps.clock.now().getTime() - occurrence.getTime()) / 1000);
  const fired = { schedule: schedule.name, occurrence: occurrence.toISOString(), message_id: created.id, created: created.created, missed, lateness_seconds: lateness };
  // Its creator is still at work on it and moves the schedule on.
  if (created.pending) return fired;
  await deps.schedules.update(
    schedule.name,
    {
      next_run_at: next?.toISOString() ?? null,
      due: next?.toISOString() ?? null,
      last_run_at: occurrence.toISOString(),
      last_message_id: created.id,
      missed_runs: schedule.missed_runs + missed,
    },
    { dueAt },
  );
  return fired;
}

/**
 * The occurrence's message, stored under its derived id with one conditional put. When the id is
 * taken an earlier or overlapping tick (or one before a PATCH) created it: nothing new is stored.
 * Still unpublished, it is `pending` while its creator may be at work on it (the idempotency
 * lease); after that its creator died between save and publish, and this tick publishes it (a
 * concurrent publish is dropped by the processor's conditional transitions, as the sweep's are).
 */
async function createOccurrenceMessage(
  deps: FireSchedulesDeps,
  schedule: Schedule,
  occurrence: Date,
): Promise<{ id: string; created: boolean; pending?: boolean }> {
  const id = occurrenceMessageId(schedule.name, occurrence);
  try {
    await createMessage({ ...deps, ids: { next: () => id } }, { ...schedule.message, created_by: scheduleCreator(schedule.name) });
    return { id, created: true };
  } catch (error) {
    if (!(error instanceof MessageExistsError)) throw error;
  }
  const stored = await deps.repository.get(id);
  if (stored?.status !== 'created') return { id, created: false };
  const abandonedBefore = deps.clock.now().getTime() - IDEMPOTENCY_LEASE_SECONDS * 1000;
  if (Date.parse(stored.created_date) > abandonedBefore) return { id, created: false, pending: true };
  await publishAndQueue(deps, stored);
  return { id, created: false };
}

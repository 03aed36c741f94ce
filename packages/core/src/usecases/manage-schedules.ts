import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors';
import type { Clock } from '../message/clock';
import type { ScheduleRepository } from '../ports/schedule-repository';
import type { CreateScheduleRequest, UpdateScheduleRequest } from '../schemas/index';
import { checkScheduleTiming } from '../schedules/definition';
import { nextOccurrence } from '../schedules/occurrences';
import { scheduleCreator, type Schedule } from '../schedules/schedule';
import { createMessage, type CreateMessageDeps, type CreateMessageResult } from './create-message';

export interface ScheduleDeps {
  schedules: ScheduleRepository;
  clock: Clock;
}

/** A PATCH or DELETE of a schedule the stack declares: only a deploy changes it. */
export class StackManagedScheduleError extends ConflictError {
  override readonly name = 'StackManagedScheduleError';
}

const notFound = (name: string): NotFoundError => new NotFoundError(`no schedule is named ${name}`);

const wholeSecond = (date: Date): Date => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** The next run from `now` of an enabled schedule, as stored (null once a cron has no more). */
const nextRunFrom = (schedule: Pick<Schedule, 'name' | 'expression' | 'timezone' | 'anchor_at'>, now: Date): string | null =>
  nextOccurrence(schedule, now, new Date(schedule.anchor_at))?.toISOString() ?? null;

export async function getSchedule(deps: ScheduleDeps, name: string): Promise<Schedule> {
  const schedule = await deps.schedules.get(name);
  if (!schedule) throw notFound(name);
  return schedule;
}

/** Stores a new API schedule (ValidationError for a bad expression or zone, ConflictError for a taken name). */
export async function createSchedule(deps: ScheduleDeps, request: CreateScheduleRequest): Promise<Schedule> {
  checkScheduleTiming(request.expression, request.timezone);
  const now = deps.clock.now();
  const stamp = now.toISOString();
  const timing = { name: request.name, expression: request.expression, timezone: request.timezone, anchor_at: wholeSecond(now).toISOString() };
  const schedule: Schedule = {
    ...timing,
    message: request.message,
    state: request.enabled ? 'enabled' : 'paused',
    source: 'api',
    next_run_at: request.enabled ? nextRunFrom(timing, now) : null,
    missed_runs: 0,
    created_at: stamp,
    updated_at: stamp,
  };
  await deps.schedules.create(schedule);
  return schedule;
}

/**
 * Changes an API schedule. A new expression or zone counts from now (a rate() from this moment);
 * `enabled` pauses or resumes. Conditional on the schedule as read, so two PATCHes cannot
 * interleave: the loser is a ConflictError and changes nothing.
 */
export async function updateSchedule(deps: ScheduleDeps, name: string, patch: UpdateScheduleRequest): Promise<Schedule> {
  const current = await getSchedule(deps, name);
  if (current.source === 'stack') throw stackManaged(name, 'changed');
  const expression = patch.expression ?? current.expression;
  const timezone = patch.timezone ?? current.timezone;
  checkScheduleTiming(expression, timezone);
  const now = deps.clock.now();
  const retimed = expression !== current.expression || timezone !== current.timezone;
  const state = patch.enabled === undefined ? current.state : patch.enabled ? 'enabled' : 'paused';
  const anchor = retimed ? wholeSecond(now).toISOString() : current.anchor_at;
  const rerun = retimed || state !== current.state;
  const next = state === 'enabled' ? nextRunFrom({ name, expression, timezone, anchor_at: anchor }, now) : null;
  const updated = await deps.schedules.update(
    name,
    {
      expression,
      timezone,
      ...(patch.message ? { message: patch.message } : {}),
      state,
      anchor_at: anchor,
      updated_at: now.toISOString(),
      ...(rerun ? { next_run_at: next, due: next } : {}),
    },
    { source: 'api', updatedAt: current.updated_at },
  );
  if (!updated) throw new ConflictError(`schedule ${name} changed while this request was changing it; read it again and retry`);
  return updated;
}

export async function deleteSchedule(deps: ScheduleDeps, name: string): Promise<void> {
  if (await deps.schedules.delete(name, { source: 'api' })) return;
  const current = await deps.schedules.get(name);
  if (!current) throw notFound(name);
  throw stackManaged(name, 'deleted');
}

/** enabled → paused: out of the due index, so no tick fires it. Pausing a paused schedule changes nothing. */
export async function pauseSchedule(deps: ScheduleDeps, name: string): Promise<Schedule> {
  const paused = await deps.schedules.update(name, { state: 'paused', next_run_at: null, due: null, updated_at: deps.clock.now().toISOString() }, { state: 'enabled' });
  return paused ?? getSchedule(deps, name);
}

/**
 * paused → enabled, from the next occurrence after now: the time it was paused is not "missed".
 * Resuming an enabled schedule changes nothing.
 */
export async function resumeSchedule(deps: ScheduleDeps, name: string): Promise<Schedule> {
  const current = await getSchedule(deps, name);
  if (current.state === 'enabled') return current;
  const now = deps.clock.now();
  const next = nextRunFrom(current, now);
  const resumed = await deps.schedules.update(name, { state: 'enabled', next_run_at: next, due: next, updated_at: now.toISOString() }, { state: 'paused' });
  return resumed ?? getSchedule(deps, name);
}

export interface TriggerOptions {
  correlationId?: string;
  /**
   * The request's idempotency key, as stored (scoped by the caller). A repeat of the trigger
   * returns its first message and fires nothing; the rules are createMessage's.
   */
  idempotencyKey?: string;
}

/** What a repeated trigger key is compared on: the request names the schedule, not the message. */
const triggerFingerprint = (name: string): string => createHash('sha256').update(JSON.stringify(['trigger', name]), 'utf8').digest('base64url');

/**
 * Fires one message now, whatever the schedule's state; its occurrences are left as they are.
 * `created` is false when the idempotency key matched an earlier trigger: nothing new was stored.
 */
export async function triggerSchedule(deps: ScheduleDeps & CreateMessageDeps, name: string, options: TriggerOptions = {}): Promise<CreateMessageResult> {
  const schedule = await getSchedule(deps, name);
  const { correlationId, idempotencyKey } = options;
  const input = {
    ...schedule.message,
    created_by: scheduleCreator(name),
    ...(correlationId ? { correlation_id: correlationId } : {}),
    ...(idempotencyKey ? { idempotency_key: idempotencyKey } : {}),
  };
  const result = await createMessage(deps, input, undefined, idempotencyKey ? triggerFingerprint(name) : undefined);
  if (result.created) await deps.schedules.update(name, { last_run_at: result.message.created_date, last_message_id: result.message.id });
  return result;
}

function stackManaged(name: string, verb: string): StackManagedScheduleError {
  return new StackManagedScheduleError(
    `schedule ${name} is managed by the stack (rez-agent:schedules in Pulumi.<stage>.yaml) and can only be ${verb} by a deploy; it can be paused, resumed and triggered`,
  );
}

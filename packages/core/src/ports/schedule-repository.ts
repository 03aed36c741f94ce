import type { Schedule } from '../schedules/schedule';

/** One page of `GET /api/schedules`, by name. */
export interface SchedulePage {
  schedules: Schedule[];
  next_cursor?: string;
}

/** A schedule the due index returned, with the index value it was found under (the tick's write condition). */
export interface DueSchedule {
  schedule: Schedule;
  /** `due_at` as read (the next run, or a marker): the condition of the tick's write. */
  dueAt: string;
  /** A stack definition the deploy (re)wrote: its next run is still to be computed. */
  redefined: boolean;
}

/**
 * Fields a write sets. `next_run_at: null` removes it; `due` puts the schedule in the due index
 * at that time, or takes it out (null); left out, the index keys stay as they are.
 */
export type ScheduleChanges = Partial<Omit<Schedule, 'name' | 'source'>> & { due?: string | null };

/** The conditions a write holds to (all given ones must match); a failed one makes it a no-op. */
export interface ScheduleExpectation {
  source?: Schedule['source'];
  state?: Schedule['state'];
  updatedAt?: string;
  dueAt?: string;
}

export interface ScheduleRepository {
  get(name: string): Promise<Schedule | undefined>;
  /** Stores a new schedule; a ConflictError when the name is taken. */
  create(schedule: Schedule): Promise<void>;
  list(query: { limit: number; cursor?: string }): Promise<SchedulePage>;
  /** Applies the changes if the schedule exists and meets `expect`; the schedule after, or undefined when it did not. */
  update(name: string, changes: ScheduleChanges, expect?: ScheduleExpectation): Promise<Schedule | undefined>;
  /** Deletes the schedule if it meets `expect`; whether it did. */
  delete(name: string, expect?: ScheduleExpectation): Promise<boolean>;
  /** Enabled schedules due at or before `now`, earliest first, at most `limit`. */
  findDue(now: Date, limit: number): Promise<DueSchedule[]>;
}

import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import type { MessageContent } from '../message/message';

/** A schedule as stored and as the API shows it (`GET /api/schedules/{name}`). */

export const SCHEDULE_STATES = ['enabled', 'paused'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

/** `stack`: declared in `Pulumi.<stage>.yaml` and written by the deploy; only the stack changes its definition. */
export const SCHEDULE_SOURCES = ['api', 'stack'] as const;
export type ScheduleSource = (typeof SCHEDULE_SOURCES)[number];

/** The message each occurrence creates: what `POST /api/messages` accepts, minus the delivery time. */
export type ScheduleMessage = MessageContent;

/** What defines when and what a schedule sends: the part a PATCH (or a deploy, for a stack schedule) changes. */
export interface ScheduleDefinitionFields {
  /** 1–64 of `[A-Za-z0-9_-]`; unique; part of each occurrence's message id. */
  name: string;
  /** EventBridge Scheduler syntax: `rate(5 minutes)` or `cron(0 9 * * ? *)`. */
  expression: string;
  /** IANA zone the cron fields are read in. */
  timezone: string;
  message: ScheduleMessage;
}

export interface Schedule extends ScheduleDefinitionFields {
  state: ScheduleState;
  source: ScheduleSource;
  /** The next occurrence the tick will fire; null while paused (or when the expression has no more). */
  next_run_at: string | null;
  last_run_at?: string;
  last_message_id?: string;
  /** Occurrences skipped in all because the tick was down (only the latest missed one is fired). */
  missed_runs: number;
  created_at: string;
  updated_at: string;
  /** A rate() counts from here (EventBridge counts from a schedule's creation). */
  anchor_at: string;
}

/** API names: what EventBridge allows in a schedule name, without the dot. */
export const SCHEDULE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The id of one occurrence's message, the same for every tick that fires it: a ULID whose time
 * part is the occurrence (to the millisecond) and whose random part is 80 bits of a SHA-256 of
 * the schedule's name and the occurrence. Storing the message under it with a conditional put
 * makes a retried or overlapping tick a no-op, without an idempotency key item.
 */
export function occurrenceMessageId(name: string, occurrence: Date): string {
  const digest = createHash('sha256').update(`${name}\n${occurrence.toISOString()}`, 'utf8').digest();
  // One Crockford base-32 character per byte's low 5 bits: 16 characters, 80 bits.
  const random = Array.from(digest.subarray(0, RANDOM_LENGTH), (byte) => CROCKFORD.charAt(byte & 31)).join('');
  return encodeTime(occurrence.getTime(), TIME_LENGTH) + random;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;

/** Who a schedule's messages are created by. */
export const scheduleCreator = (name: string): string => `schedule:${name}`;

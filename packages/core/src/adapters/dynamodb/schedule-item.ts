import { createHash } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { stackScheduleMessage, type ScheduleDefinition } from '../../schedules/definition';
import type { Schedule } from '../../schedules/schedule';
import { DUE_INDEX, TABLE } from '../../table';

/** Every schedule lives in one partition: one Query lists them by name, and the tick writes one item per occurrence. */
export const SCHEDULE_PARTITION = 'SCHEDULE';
/** The one partition value of the due index: only schedule items carry it. */
export const DUE_PARTITION = 'DUE';
/**
 * The due value a deploy writes with a stack schedule's definition. It sorts before every time,
 * so the next tick finds the schedule at once and computes its next run under the new definition;
 * the hash makes every new definition a new value.
 */
export const RESET_DUE_PREFIX = '0#';

export const scheduleKey = (name: string): Record<string, string> => ({ [TABLE.partitionKey]: SCHEDULE_PARTITION, [TABLE.sortKey]: name });

export const isScheduleItem = (item: Record<string, unknown>): boolean => item[TABLE.partitionKey] === SCHEDULE_PARTITION;

/** The stored fields of a schedule; the keys, the due index values and the stack's hash are the table's business. */
const SCHEDULE_FIELDS = [
  'name',
  'expression',
  'timezone',
  'message',
  'state',
  'source',
  'next_run_at',
  'last_run_at',
  'last_message_id',
  'missed_runs',
  'created_at',
  'updated_at',
  'anchor_at',
] as const;

export const dueKeys = (at: string): Record<string, string> => ({ [DUE_INDEX.partitionKey]: DUE_PARTITION, [DUE_INDEX.sortKey]: at });

export function toScheduleItem(schedule: Schedule): Record<string, unknown> {
  const item: Record<string, unknown> = { ...scheduleKey(schedule.name) };
  for (const field of SCHEDULE_FIELDS) if (schedule[field] !== undefined && schedule[field] !== null) item[field] = schedule[field];
  if (schedule.state === 'enabled' && schedule.next_run_at) Object.assign(item, dueKeys(schedule.next_run_at));
  return item;
}

/**
 * A schedule from its item. A stack item the tick has not seen yet lacks the run-time fields: it
 * is enabled, has no next run yet, and counts from now.
 */
export function fromScheduleItem(item: Record<string, unknown>, now: Date = new Date()): Schedule {
  const stamp = now.toISOString();
  return {
    name: item.name as string,
    expression: item.expression as string,
    timezone: item.timezone as string,
    message: item.message as Schedule['message'],
    state: (item.state as Schedule['state'] | undefined) ?? 'enabled',
    source: item.source as Schedule['source'],
    next_run_at: (item.next_run_at as string | undefined) ?? null,
    ...(item.last_run_at !== undefined ? { last_run_at: item.last_run_at as string } : {}),
    ...(item.last_message_id !== undefined ? { last_message_id: item.last_message_id as string } : {}),
    missed_runs: (item.missed_runs as number | undefined) ?? 0,
    created_at: (item.created_at as string | undefined) ?? stamp,
    updated_at: (item.updated_at as string | undefined) ?? stamp,
    // Whole seconds, as the API's anchors: EventBridge counts rates in whole seconds too.
    anchor_at: (item.anchor_at as string | undefined) ?? new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
  };
}

/** What the API shows of a schedule: everything but the rate() anchor, which is internal. */
export function scheduleView(schedule: Schedule): Omit<Schedule, 'anchor_at'> {
  const { anchor_at: _anchor, ...view } = schedule;
  return view;
}

/**
 * The item a deploy writes for a stack schedule (the Pulumi program as an `aws.dynamodb.TableItem`,
 * the sandbox the same way): only the definition, never a run-time field, so the tick's state
 * (next run, last run, paused) survives a deploy that leaves the definition alone. Deterministic:
 * the same definition always gives the same item, so a deploy without changes writes nothing.
 */
export function stackScheduleItem(definition: ScheduleDefinition): Record<string, unknown> {
  const message = stackScheduleMessage(definition);
  const fields = { name: definition.name, expression: definition.expression, timezone: definition.timezone, message };
  const hash = createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('base64url').slice(0, 16);
  return { ...scheduleKey(definition.name), ...fields, source: 'stack', definition_hash: hash, ...dueKeys(`${RESET_DUE_PREFIX}${hash}`) };
}

/** The same item in DynamoDB's JSON (`{"S": ...}`), as `aws.dynamodb.TableItem` takes it. */
export const stackScheduleTableItem = (definition: ScheduleDefinition): string => JSON.stringify(marshall(stackScheduleItem(definition)));

import type { Message, MessageContent, MessageStatus, MessageType, Stage } from '../message/message';
import {
  validateCreateMessageRequest,
  validateListQuery,
  validateMessage,
  validateQueueRecordBody,
  validateScheduleInput,
  validateScheduledRunInput,
  validateSweepInput,
} from './generated/validators';
import { listQuerySchema } from './definitions';
import { issuesOf, validate } from './validate';
import type { FieldIssue } from '../errors';

export { createMessageRequestSchema, listQuerySchema, messageSchema, queueRecordBodySchema } from './definitions';
export { scheduleInputSchema, scheduledRunInputSchema, sweepInputSchema } from './definitions';
export { MAX_TAGS_BYTES } from './definitions';
export { validate, issuesOf } from './validate';
export type { GeneratedValidator } from './validator';

/** The body of POST /api/messages: what to send and, optionally, when (see resolveDeliveryTime). */
export type CreateMessageRequest = MessageContent & { deliver_at?: string; delay?: string };

/** The query of GET /api/messages, after coercion and defaults. */
export interface ListMessagesQuery {
  stage?: Stage;
  status?: MessageStatus;
  message_type?: MessageType;
  limit: number;
  cursor?: string;
}

/** Validates a create request (defaults applied: message_type manual). */
export const parseCreateMessageRequest = (body: unknown): CreateMessageRequest =>
  validate<CreateMessageRequest>(validateCreateMessageRequest, topLevelCopy(body), 'request body');

export const parseMessage = (data: unknown): Message => validate<Message>(validateMessage, data, 'message');

/**
 * Validates a query-string object (values are strings; default limit 100). A parameter the
 * schema types as an integer becomes a number only when it is written as a plain decimal
 * integer; anything else (`0x10`, `1e3`, ` 5`, `5.0`) stays a string and fails as "must be
 * integer". ajv's own coercion (`+value`) would take all of those.
 */
export const parseListQuery = (query: Record<string, string | undefined>): ListMessagesQuery =>
  validate<ListMessagesQuery>(validateListQuery, decimalIntegers(query), 'query');

const DECIMAL_INTEGER = /^-?[0-9]{1,15}$/;
const INTEGER_PARAMETERS = Object.entries(listQuerySchema.properties)
  .filter(([, schema]) => schema.type === 'integer')
  .map(([name]) => name);

function decimalIntegers(query: Record<string, string | undefined>): Record<string, unknown> {
  const typed: Record<string, unknown> = { ...query };
  for (const name of INTEGER_PARAMETERS) {
    const value = query[name];
    if (value !== undefined && DECIMAL_INTEGER.test(value)) typed[name] = Number(value);
  }
  return typed;
}

/** The part of a queue record's body the processor relies on; any other field is passed through unread. */
export interface QueueRecordBody {
  id: string;
  [field: string]: unknown;
}

/** Validates a queue record's body (already JSON-parsed): an object with a message id. */
export const parseQueueRecordBody = (data: unknown): QueueRecordBody => validate<QueueRecordBody>(validateQueueRecordBody, data, 'queue record body');

/** Context attributes EventBridge Scheduler substitutes into a schedule's input (see definitions.ts). */
export interface SchedulerContextFields {
  /** When the run was due, e.g. 2022-03-22T18:59:43Z. */
  scheduled_time?: string;
  schedule_arn?: string;
  execution_id?: string;
  attempt_number?: string;
}

/** One run of a message-creating schedule, after validation (defaults applied). */
export interface ScheduledRunInput extends SchedulerContextFields, Omit<MessageContent, 'markdown'> {
  action: 'schedule';
  schedule: string;
  scheduled_time: string;
}

/** One run of the stuck-message sweep. */
export interface SweepInput extends SchedulerContextFields {
  action: 'sweep';
}

/** Everything the scheduler function accepts. */
export type SchedulerInput = ScheduledRunInput | SweepInput;

/**
 * Validates the scheduler function's input: `{ action: "sweep" }` is the sweep, anything else a
 * scheduled run (defaults applied: action schedule, message_type hello_world, payload "hello
 * world"). Dispatching on `action` first keeps the error about the fields of the kind meant.
 */
export function parseSchedulerInput(data: unknown): SchedulerInput {
  const isSweep = typeof data === 'object' && data !== null && (data as { action?: unknown }).action === 'sweep';
  return isSweep
    ? validate<SweepInput>(validateSweepInput, data, 'sweep input')
    : validate<ScheduledRunInput>(validateScheduledRunInput, topLevelCopy(data), 'schedule input');
}

/**
 * ajv's useDefaults writes into the object it validates, never into the caller's. Every default
 * sits on a top-level property, so a shallow copy is enough; a deep clone would recurse as deep
 * as the input nests, before validation has looked at it.
 */
function topLevelCopy(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : value;
}

/** Problems with the message input of a schedule definition, with JSON paths under `path`. */
export function scheduleInputIssues(input: unknown, path: string): FieldIssue[] {
  if (validateScheduleInput(input)) return [];
  return issuesOf(validateScheduleInput).map((issue) => ({ ...issue, path: issue.path === '/' ? path : `${path}${issue.path}` }));
}

/** What a schedule hands the scheduler function, before defaults (see scheduledRunInputSchema). */
export type ScheduledRunRequest = Omit<ScheduledRunInput, 'action' | 'message_type' | 'payload'> &
  Partial<Pick<ScheduledRunInput, 'action' | 'message_type' | 'payload'>>;

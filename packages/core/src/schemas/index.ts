import type { Message, MessageContent, MessageStatus, MessageType, Stage } from '../message/message';
import {
  validateCreateMessageRequest,
  validateListQuery,
  validateMessage,
  validateQueueRecordBody,
  validateScheduleInput,
  validateTickInput,
  validateCreateScheduleRequest,
  validateUpdateScheduleRequest,
  validateListSchedulesQuery,
} from './generated/validators';
import type { ScheduleMessage } from '../schedules/schedule';
import { listQuerySchema, listSchedulesQuerySchema } from './definitions';
import { issuesOf, validate } from './validate';
import type { FieldIssue } from '../errors';

export { createMessageRequestSchema, listQuerySchema, messageSchema, queueRecordBodySchema } from './definitions';
export { scheduleInputSchema, tickInputSchema } from './definitions';
export {
  createScheduleRequestSchema,
  listSchedulesQuerySchema,
  scheduleListSchema,
  scheduleSchema,
  updateScheduleRequestSchema,
} from './definitions';
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
  validate<ListMessagesQuery>(validateListQuery, decimalIntegers(query, listQuerySchema.properties), 'query');

const DECIMAL_INTEGER = /^-?[0-9]{1,15}$/;
const integerParameters = (properties: Record<string, { type: string }>): string[] =>
  Object.entries(properties)
    .filter(([, schema]) => schema.type === 'integer')
    .map(([name]) => name);

function decimalIntegers(query: Record<string, string | undefined>, properties: Record<string, { type: string }>): Record<string, unknown> {
  const typed: Record<string, unknown> = { ...query };
  for (const name of integerParameters(properties)) {
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

/** One run of the per-minute tick. */
export interface TickInput extends SchedulerContextFields {
  action: 'tick';
  /** When the tick was due, e.g. 2022-03-22T18:59:43Z. */
  scheduled_time: string;
}

/** Validates the scheduler function's input: the tick is all it accepts. */
export const parseTickInput = (data: unknown): TickInput => validate<TickInput>(validateTickInput, data, 'tick input');

/** The body of `POST /api/schedules`, defaults applied (enabled true, message_type scheduled). */
export interface CreateScheduleRequest {
  name: string;
  expression: string;
  timezone: string;
  message: ScheduleMessage;
  enabled: boolean;
}

/** The body of `PATCH /api/schedules/{name}`: at least one field. */
export type UpdateScheduleRequest = Partial<Omit<CreateScheduleRequest, 'name'>>;

export interface ListSchedulesQuery {
  limit: number;
  cursor?: string;
}

/** Copies the top level and the nested message, which carries a default of its own. */
function withMessageCopy(body: unknown): unknown {
  const copy = topLevelCopy(body);
  if (typeof copy === 'object' && copy !== null && 'message' in copy) {
    const withMessage = copy;
    withMessage.message = topLevelCopy(withMessage.message);
  }
  return copy;
}

/** The shape of a create request; the expression and time zone are checked further by checkScheduleTiming. */
export const parseCreateScheduleRequest = (body: unknown): CreateScheduleRequest =>
  validate<CreateScheduleRequest>(validateCreateScheduleRequest, withMessageCopy(body), 'request body');

export const parseUpdateScheduleRequest = (body: unknown): UpdateScheduleRequest =>
  validate<UpdateScheduleRequest>(validateUpdateScheduleRequest, withMessageCopy(body), 'request body');

export const parseListSchedulesQuery = (query: Record<string, string | undefined>): ListSchedulesQuery =>
  validate<ListSchedulesQuery>(validateListSchedulesQuery, decimalIntegers(query, listSchedulesQuerySchema.properties), 'query');

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


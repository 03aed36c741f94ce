import { MAX_ERROR_MESSAGE_CHARS, MAX_PAYLOAD_BYTES, MESSAGE_STATUSES, MESSAGE_TYPES, STAGES } from '../message/message';
import { SCHEDULE_SOURCES, SCHEDULE_STATES } from '../schedules/schedule';

/**
 * The JSON Schemas of everything that crosses a boundary: the one source the web API, the
 * processor and the schedule definitions are checked against. Seven keywords are our own (see compile.ts):
 * `maxBytes` (UTF-8 length: maxLength counts characters and ntfy's limit is in bytes),
 * `maxJoinedBytes` (UTF-8 length of strings joined by commas), `wellFormed` (no lone surrogate), `trimmed` (no space ntfy would trim),
 * `httpUrl` (an absolute http/https URL), `dateTime` (an RFC 3339 date-time that exists) and
 * `noComma` (for values ntfy joins with commas).
 */

/*
 * ntfy refuses for good (400) what is over its server limits (server/config.go): a message body
 * over 4096 bytes (converted to an attachment, or refused, before it is a notification), a
 * title over 1024 bytes (40057) and tags over 512 bytes in all (40058). Each is checked here, so
 * such a message is refused when it is created rather than failing at delivery.
 */
/** ntfy's limit on all tags of a message together, in UTF-8 bytes. */
export const MAX_TAGS_BYTES = 512;

const payload = { type: 'string', minLength: 1, maxBytes: MAX_PAYLOAD_BYTES, wellFormed: true } as const;
/** 256 characters are at most 1024 bytes of UTF-8: always within ntfy's title limit. */
const title = { type: 'string', minLength: 1, maxLength: 256, wellFormed: true, trimmed: true } as const;
const priority = { type: 'integer', minimum: 1, maximum: 5 } as const;
/**
 * ntfy's Tags header is comma-separated: a comma inside a tag would split it into several.
 * Ten tags of 64 characters can reach 2.5 KB, so their joined size is checked as well (commas
 * counted: the header ntfy reads is the joined text).
 */
const tags = {
  type: 'array',
  maxItems: 10,
  maxJoinedBytes: MAX_TAGS_BYTES,
  items: { type: 'string', minLength: 1, maxLength: 64, noComma: true, wellFormed: true, trimmed: true },
} as const;
const click = { type: 'string', httpUrl: true, maxLength: 2048 } as const;
const isoTimestamp = { type: 'string', dateTime: true, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' } as const;
const ulid = { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' } as const;
const shortText = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** What a sender chooses about a notification (MessageContent), shared by every schema that carries it. */
const messageContent = { payload, title, priority, tags, click } as const;

export const createMessageRequestSchema = {
  $id: 'CreateMessageRequest',
  type: 'object',
  additionalProperties: false,
  required: ['payload'],
  properties: {
    message_type: { type: 'string', enum: MESSAGE_TYPES, default: 'manual' },
    ...messageContent,
    markdown: { type: 'boolean' },
    /** Send later: read (and checked against the clock) by resolveDeliveryTime. */
    deliver_at: { type: 'string', minLength: 1, maxLength: 64 },
    delay: { type: 'string', minLength: 1, maxLength: 32 },
  },
} as const;

export const messageSchema = {
  $id: 'Message',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'stage',
    'message_type',
    'status',
    'payload',
    'priority',
    'tags',
    'markdown',
    'created_by',
    'created_date',
    'updated_date',
    'attempts',
    'correlation_id',
    'ttl',
  ],
  properties: {
    id: ulid,
    stage: { type: 'string', enum: STAGES },
    message_type: { type: 'string', enum: MESSAGE_TYPES },
    status: { type: 'string', enum: MESSAGE_STATUSES },
    ...messageContent,
    markdown: { type: 'boolean' },
    created_by: shortText,
    created_by_name: shortText,
    created_date: isoTimestamp,
    updated_date: isoTimestamp,
    queued_at: isoTimestamp,
    processing_started_at: isoTimestamp,
    completed_at: isoTimestamp,
    failed_at: isoTimestamp,
    cancelled_at: isoTimestamp,
    deliver_at: isoTimestamp,
    attempts: { type: 'integer', minimum: 0 },
    error_message: { type: 'string', maxLength: MAX_ERROR_MESSAGE_CHARS },
    notification_id: shortText,
    correlation_id: shortText,
    idempotency_key: shortText,
    ttl: { type: 'integer', minimum: 0 },
  },
} as const;

/** Query strings arrive as strings: parseListQuery turns a plain decimal `limit` into a number first. */
export const listQuerySchema = {
  $id: 'ListMessagesQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    stage: { type: 'string', enum: STAGES },
    status: { type: 'string', enum: MESSAGE_STATUSES },
    message_type: { type: 'string', enum: MESSAGE_TYPES },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    cursor: { type: 'string', minLength: 1, maxLength: 2048 },
  },
} as const;

/**
 * What the processor reads of a queue record's body (the message as published): its id, and
 * nothing else, since delivery reads the message fresh from the table. Unknown fields are
 * allowed on purpose: a processor one deploy behind must not dead-letter the messages a newer
 * webapi publishes with a field it does not know yet.
 */
export const queueRecordBodySchema = {
  $id: 'QueueRecordBody',
  type: 'object',
  additionalProperties: true,
  required: ['id'],
  properties: { id: ulid },
} as const;

/**
 * What EventBridge Scheduler hands the scheduler function every minute: the tick's input
 * (core's TICK_TARGET_INPUT) after it replaced the context attributes
 *   scheduled_time: "<aws.scheduler.scheduled-time>"   (required: the tick's own time, which
 *                                                       decides e.g. whether it also sweeps)
 *   execution_id:   "<aws.scheduler.execution-id>"
 *   schedule_arn:   "<aws.scheduler.schedule-arn>"     (optional context, logged)
 *   attempt_number: "<aws.scheduler.attempt-number>"
 * A placeholder left unreplaced fails `date-time`.
 */
export const tickInputSchema = {
  $id: 'TickInput',
  type: 'object',
  additionalProperties: false,
  required: ['action', 'scheduled_time'],
  properties: {
    action: { type: 'string', enum: ['tick'] },
    /** EventBridge writes e.g. 2022-03-22T18:59:43Z (no milliseconds); any RFC 3339 time is accepted. */
    scheduled_time: { type: 'string', dateTime: true, maxLength: 64 },
    schedule_arn: { type: 'string', pattern: '^arn:aws[a-z-]*:scheduler:', maxLength: 1024 },
    execution_id: shortText,
    attempt_number: { type: 'string', pattern: '^\\d{1,4}$' },
  },
} as const;

/** The message part of a schedule definition in the stack config (its defaults come later). */
export const scheduleInputSchema = {
  $id: 'ScheduleInput',
  type: 'object',
  additionalProperties: false,
  properties: {
    message_type: { type: 'string', enum: MESSAGE_TYPES },
    ...messageContent,
  },
} as const;

/** `GET /api/schedules/{name}` and friends: 1–64 letters, digits, `-` and `_` (SCHEDULE_NAME_PATTERN). */
const scheduleName = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;
/** Checked further by the stack's own parser (expressionProblem) once the shape is right. */
const scheduleExpression = { type: 'string', minLength: 1, maxLength: 256 } as const;
/** An IANA zone, checked further by checkTimezone. */
const scheduleTimezone = { type: 'string', minLength: 1, maxLength: 64 } as const;
const scheduleMessage = {
  type: 'object',
  additionalProperties: false,
  required: ['payload'],
  properties: {
    message_type: { type: 'string', enum: MESSAGE_TYPES, default: 'scheduled' },
    ...messageContent,
    markdown: { type: 'boolean' },
  },
} as const;

/** `POST /api/schedules`: the message is what `POST /api/messages` accepts, minus the delivery time. */
export const createScheduleRequestSchema = {
  $id: 'CreateScheduleRequest',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'expression', 'timezone', 'message'],
  properties: {
    name: scheduleName,
    expression: scheduleExpression,
    timezone: scheduleTimezone,
    message: scheduleMessage,
    enabled: { type: 'boolean', default: true },
  },
} as const;

/** `PATCH /api/schedules/{name}`: any of the four; the message is replaced as a whole. */
export const updateScheduleRequestSchema = {
  $id: 'UpdateScheduleRequest',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    expression: scheduleExpression,
    timezone: scheduleTimezone,
    message: scheduleMessage,
    enabled: { type: 'boolean' },
  },
} as const;

const scheduleFields = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'expression', 'timezone', 'message', 'state', 'source', 'next_run_at', 'missed_runs', 'created_at', 'updated_at'],
  properties: {
    name: scheduleName,
    expression: scheduleExpression,
    timezone: scheduleTimezone,
    message: { ...scheduleMessage, required: ['message_type', 'payload'] },
    state: { type: 'string', enum: SCHEDULE_STATES },
    source: { type: 'string', enum: SCHEDULE_SOURCES },
    /** null while paused, or when a cron() has no occurrence left. */
    next_run_at: { anyOf: [isoTimestamp, { type: 'null' }] },
    last_run_at: isoTimestamp,
    last_message_id: ulid,
    missed_runs: { type: 'integer', minimum: 0 },
    created_at: isoTimestamp,
    updated_at: isoTimestamp,
  },
} as const;

/** One schedule, as every schedule route answers it. */
export const scheduleSchema = { $id: 'Schedule', ...scheduleFields } as const;

/** `GET /api/schedules`: by name; pass `next_cursor` back as `cursor` for the next page. */
export const scheduleListSchema = {
  $id: 'ScheduleList',
  type: 'object',
  additionalProperties: false,
  required: ['schedules'],
  properties: {
    schedules: { type: 'array', items: scheduleFields },
    next_cursor: { type: 'string', minLength: 1, maxLength: 512 },
  },
} as const;

/** The query of `GET /api/schedules` (a plain decimal `limit`, as for messages). */
export const listSchedulesQuerySchema = {
  $id: 'ListSchedulesQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    cursor: { type: 'string', minLength: 1, maxLength: 512 },
  },
} as const;

import { MAX_ERROR_MESSAGE_CHARS, MAX_PAYLOAD_BYTES, MESSAGE_STATUSES, MESSAGE_TYPES, STAGES } from '../message/message';

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
 * What EventBridge Scheduler hands the scheduler function: the schedule's JSON input after it
 * replaced the context attributes. The stack builds that input with `scheduleTargetInput`
 * (schedules.ts), which puts
 *   scheduled_time: "<aws.scheduler.scheduled-time>"   (required: with `schedule` it is the
 *                                                       idempotency key of the run)
 *   execution_id:   "<aws.scheduler.execution-id>"
 *   schedule_arn:   "<aws.scheduler.schedule-arn>"     (optional context, logged)
 *   attempt_number: "<aws.scheduler.attempt-number>"
 * into it. A placeholder left unreplaced fails `date-time`, so a run can never share the key
 * `schedule:<name>:<aws.scheduler.scheduled-time>` with every other run.
 */
const schedulerContext = {
  /** EventBridge writes e.g. 2022-03-22T18:59:43Z (no milliseconds); any RFC 3339 time is accepted. */
  scheduled_time: { type: 'string', dateTime: true, maxLength: 64 },
  schedule_arn: { type: 'string', pattern: '^arn:aws[a-z-]*:scheduler:', maxLength: 1024 },
  execution_id: shortText,
  attempt_number: { type: 'string', pattern: '^\\d{1,4}$' },
} as const;

export const scheduledRunInputSchema = {
  $id: 'ScheduledRunInput',
  type: 'object',
  additionalProperties: false,
  required: ['schedule', 'scheduled_time'],
  properties: {
    action: { type: 'string', enum: ['schedule'], default: 'schedule' },
    /** EventBridge Scheduler's schedule name rule: 1..64 of letters, digits, `-`, `_`, `.`. */
    schedule: { type: 'string', pattern: '^[0-9A-Za-z_.-]{1,64}$' },
    ...schedulerContext,
    message_type: { type: 'string', enum: MESSAGE_TYPES, default: 'hello_world' },
    ...messageContent,
    payload: { ...payload, default: 'hello world' },
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

/** The periodic stuck-message sweep; its context attributes are only logged. */
export const sweepInputSchema = {
  $id: 'SweepInput',
  type: 'object',
  additionalProperties: false,
  required: ['action'],
  properties: {
    action: { type: 'string', enum: ['sweep'] },
    ...schedulerContext,
  },
} as const;

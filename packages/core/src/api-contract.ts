import type { ApiRouteKey } from './api-routes';
import { MAX_SCHEDULE_DAYS } from './message/message';
import {
  createMessageRequestSchema,
  createScheduleRequestSchema,
  listQuerySchema,
  listSchedulesQuerySchema,
  messageSchema,
  scheduleListSchema,
  scheduleSchema,
  updateScheduleRequestSchema,
} from './schemas/definitions';
import { attemptListSchema, authConfigSchema, healthSchema, meSchema, metricsSchema, messagePageSchema, openApiDocumentSchema } from './schemas/responses';

/**
 * What a client may rely on for each route of core's table, beside the access the table gives
 * it: the OpenAPI document is generated from this, the route table and the schemas, so a new
 * route needs an entry here and nothing else (a test fails while one is missing). Answers every
 * route shares are added by the generator from the access: 401 and 503 unless public, 403 for
 * `operate`, and 429 (API Gateway's throttling) and 500 everywhere.
 */

/** A JSON Schema of core, named by its `$id` (it becomes a component of the document). */
export interface NamedSchema {
  readonly $id: string;
}

/** The client errors a route answers itself, each as RFC 9457 problem+json. */
export const ROUTE_ERROR_STATUSES = [400, 404, 409, 413, 415, 422] as const;
export type RouteErrorStatus = (typeof ROUTE_ERROR_STATUSES)[number];

/** Response headers a success may carry. */
export type SuccessHeader = 'Location';

export interface SuccessResponse {
  readonly description: string;
  /** Absent for an answer without a body (204). */
  readonly schema?: NamedSchema;
  readonly headers?: readonly SuccessHeader[];
}

export interface RouteContract {
  /** Stable, camelCase: generated clients name their methods after it. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: 'messages' | 'schedules' | 'metrics' | 'service';
  /** `{name}` segments of the path: what each names. */
  readonly pathParameters?: Readonly<Record<string, string>>;
  /** An object schema whose properties are the query parameters. */
  readonly query?: { readonly properties: Readonly<Record<string, unknown>> };
  /** The JSON body the route reads. */
  readonly body?: NamedSchema;
  /** A typical body, shown in the docs (a test passes it through the API's own validator). */
  readonly bodyExample?: Readonly<Record<string, unknown>>;
  /** The route honours an Idempotency-Key request header. */
  readonly idempotencyKey?: boolean;
  readonly responses: Readonly<Record<number, SuccessResponse>>;
  /** Route-specific client errors, with what each means here. */
  readonly errors: Readonly<Partial<Record<RouteErrorStatus, string>>>;
}

/** A route of the table that is no part of the API's contract (a static page), and why. */
export interface UndocumentedRoute {
  readonly undocumented: string;
}

/** The Idempotency-Key request header: 1 to 256 printable ASCII characters (the webapi checks this very pattern). */
export const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  schema: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[\\x20-\\x7E]{1,256}$' },
} as const;

const MESSAGE_ID = 'The message id, a 26-character ULID (any case); anything else names no message (404)';
/** 409 of a route that honours an Idempotency-Key. */
const KEY_IN_PROGRESS_OR_GONE = 'The first request with this Idempotency-Key is still in progress (Retry-After says when to try again), or its message no longer exists';
const NO_MESSAGE = 'No message has this id (or it expired)';
const SCHEDULE_NAME = 'The schedule name: 1 to 64 letters, digits, `-` or `_`; anything else names no schedule (404)';
const NO_SCHEDULE = 'No schedule has this name';
const STACK_MANAGED = 'The schedule is declared by the stack (`source: stack`): only a deploy changes or removes it';

export const API_ROUTE_CONTRACTS: { readonly [K in ApiRouteKey]?: RouteContract | UndocumentedRoute } = {
  'GET /api/health': {
    operationId: 'getHealth',
    summary: 'Is the API up',
    description: 'Liveness only: no dependency is called, and no token is needed.',
    tag: 'service',
    responses: { 200: { description: 'The API answers', schema: healthSchema } },
    errors: {},
  },
  'GET /api/auth/config': {
    operationId: 'getAuthConfig',
    summary: 'How to sign in',
    description: "The OIDC issuer, the console's public client id and the scopes to ask for.",
    tag: 'service',
    responses: { 200: { description: 'The sign-in settings', schema: authConfigSchema } },
    errors: { 404: 'This deployment has no sign-in configured: use the API token' },
  },
  'GET /api/auth/me': {
    operationId: 'getMe',
    summary: 'Who am I',
    description: 'Who the API takes the caller for, and whether they may change things (the console shows write controls to operators only).',
    tag: 'service',
    responses: { 200: { description: 'The caller', schema: meSchema } },
    errors: {},
  },
  'GET /api/messages': {
    operationId: 'listMessages',
    summary: 'List messages, newest first',
    description: 'One page per call, filtered by any of stage, status and type; pass `next_cursor` back as `cursor` for the next page. No Scan: the cost stays flat as the table grows.',
    tag: 'messages',
    query: listQuerySchema,
    responses: { 200: { description: 'One page of messages', schema: messagePageSchema } },
    errors: { 400: 'A query parameter is invalid or unknown (each is named in `errors`), or the cursor belongs to another query' },
  },
  'POST /api/messages': {
    operationId: 'createMessage',
    summary: 'Create a message',
    description: `Stores the message and queues it for delivery, or stores it \`scheduled\` when \`deliver_at\` (an RFC 3339 time) or \`delay\` (e.g. \`30m\`, \`PT2H\`) asks for later, at most ${MAX_SCHEDULE_DAYS} days ahead. Every check runs first: a refused request stores and publishes nothing. With an Idempotency-Key, a repeat of the same request answers the first message (200) instead of creating another.`,
    tag: 'messages',
    body: createMessageRequestSchema,
    bodyExample: { payload: 'Backup finished in 4 min', title: 'Nightly backup', priority: 4, tags: ['floppy_disk'], delay: '30m' },
    idempotencyKey: true,
    responses: {
      201: { description: 'Created: `queued`, or `scheduled` for later', schema: messageSchema, headers: ['Location'] },
      200: { description: 'The Idempotency-Key was used before with the same request: the first message', schema: messageSchema, headers: ['Location'] },
    },
    errors: {
      400: 'The body is not valid JSON, breaks the schema (each field is named in `errors`), or asks for a time in the past or too far ahead; or the Idempotency-Key is malformed',
      409: KEY_IN_PROGRESS_OR_GONE,
      413: 'The body is over 64 KB',
      415: 'The body is not declared as application/json (UTF-8)',
      422: 'The Idempotency-Key was first used with a different request',
    },
  },
  'GET /api/messages/{id}': {
    operationId: 'getMessage',
    summary: 'Get a message',
    tag: 'messages',
    pathParameters: { id: MESSAGE_ID },
    responses: { 200: { description: 'The message', schema: messageSchema } },
    errors: { 404: NO_MESSAGE },
  },
  'POST /api/messages/{id}/retry': {
    operationId: 'retryMessage',
    summary: 'Send a failed message again',
    description: 'A `failed` message goes back to `queued` and is published again. Takes no body.',
    tag: 'messages',
    pathParameters: { id: MESSAGE_ID },
    responses: { 202: { description: 'Queued again; delivery follows', schema: messageSchema } },
    errors: { 404: NO_MESSAGE, 409: 'The message is not `failed` (`current_status` says what it is)' },
  },
  'POST /api/messages/{id}/cancel': {
    operationId: 'cancelMessage',
    summary: 'Cancel a message not yet sent',
    description: 'A `scheduled`, `created` or `queued` message becomes `cancelled` and is never sent, whatever is already in a queue. Takes no body.',
    tag: 'messages',
    pathParameters: { id: MESSAGE_ID },
    responses: { 200: { description: 'Cancelled', schema: messageSchema } },
    errors: { 404: NO_MESSAGE, 409: 'A delivery has started or ended (`current_status` says which)' },
  },
  'GET /api/messages/{id}/attempts': {
    operationId: 'listAttempts',
    summary: 'List the delivery attempts of a message',
    description: 'Every request made to ntfy for the message, oldest first; they expire with the message.',
    tag: 'messages',
    pathParameters: { id: MESSAGE_ID },
    responses: { 200: { description: 'The attempts', schema: attemptListSchema } },
    errors: { 404: NO_MESSAGE },
  },
  'GET /api/metrics': {
    operationId: 'getMetrics',
    summary: 'Count messages by status, stage and type',
    description: 'Exact within seconds: counted off the table stream, read from a few items (no Scan).',
    tag: 'metrics',
    responses: { 200: { description: 'The counts', schema: metricsSchema } },
    errors: {},
  },
  'GET /api/openapi.json': {
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    description: 'The OpenAPI 3.1 contract of this API, generated from the schemas it validates with.',
    tag: 'service',
    responses: { 200: { description: 'The OpenAPI document', schema: openApiDocumentSchema } },
    errors: {},
  },
  'POST /api/schedules': {
    operationId: 'createSchedule',
    summary: 'Create a schedule',
    description:
      'A schedule creates its `message` on every occurrence of `expression` (`rate(5 minutes)`, or `cron(0 9 * * ? *)` read in `timezone`, an IANA zone: DST is handled). The per-minute tick fires it within a minute of each occurrence, exactly once.',
    tag: 'schedules',
    body: createScheduleRequestSchema,
    responses: { 201: { description: 'Created, with its next run', schema: scheduleSchema, headers: ['Location'] } },
    errors: {
      400: 'The body is not valid JSON or breaks the schema, or the expression or time zone is not one the stack accepts (each field is named in `errors`)',
      409: 'A schedule with this name exists',
      413: 'The body is over 64 KB',
      415: 'The body is not declared as application/json (UTF-8)',
    },
  },
  'GET /api/schedules': {
    operationId: 'listSchedules',
    summary: 'List schedules by name',
    description: 'API and stack schedules alike, with their state and next run; pass `next_cursor` back as `cursor` for the next page.',
    tag: 'schedules',
    query: listSchedulesQuerySchema,
    responses: { 200: { description: 'One page of schedules', schema: scheduleListSchema } },
    errors: { 400: 'A query parameter is invalid or unknown (each is named in `errors`)' },
  },
  'GET /api/schedules/{name}': {
    operationId: 'getSchedule',
    summary: 'Get a schedule',
    tag: 'schedules',
    pathParameters: { name: SCHEDULE_NAME },
    responses: { 200: { description: 'The schedule', schema: scheduleSchema } },
    errors: { 404: NO_SCHEDULE },
  },
  'PATCH /api/schedules/{name}': {
    operationId: 'updateSchedule',
    summary: 'Change a schedule',
    description: 'Any of `expression`, `timezone`, `message` (replaced whole) and `enabled`. A new expression or zone counts from now.',
    tag: 'schedules',
    pathParameters: { name: SCHEDULE_NAME },
    body: updateScheduleRequestSchema,
    responses: { 200: { description: 'Changed', schema: scheduleSchema } },
    errors: {
      400: 'The body is not valid JSON or breaks the schema (each field is named in `errors`)',
      404: NO_SCHEDULE,
      409: `${STACK_MANAGED}; or it changed while this request was changing it`,
      413: 'The body is over 64 KB',
      415: 'The body is not declared as application/json (UTF-8)',
    },
  },
  'DELETE /api/schedules/{name}': {
    operationId: 'deleteSchedule',
    summary: 'Delete a schedule',
    description: 'Its messages stay.',
    tag: 'schedules',
    pathParameters: { name: SCHEDULE_NAME },
    responses: { 204: { description: 'Deleted' } },
    errors: { 404: NO_SCHEDULE, 409: STACK_MANAGED },
  },
  'POST /api/schedules/{name}/pause': {
    operationId: 'pauseSchedule',
    summary: 'Pause a schedule',
    description: 'No occurrence fires until it is resumed. Stack schedules too. Takes no body.',
    tag: 'schedules',
    pathParameters: { name: SCHEDULE_NAME },
    responses: { 200: { description: 'Paused', schema: scheduleSchema } },
    errors: { 404: NO_SCHEDULE },
  },
  'POST /api/schedules/{name}/resume': {
    operationId: 'resumeSchedule',
    summary: 'Resume a paused schedule',
    description: 'It fires from its next occurrence on: the paused time is not counted as missed. Takes no body.',
    tag: 'schedules',
    pathParameters: { name: SCHEDULE_NAME },
    responses: { 200: { description: 'Enabled', schema: scheduleSchema } },
    errors: { 404: NO_SCHEDULE },
  },
  'POST /api/schedules/{name}/trigger': {
    operationId: 'triggerSchedule',
    summary: 'Fire a schedule now',
    description:
      "Creates one message from the schedule's `message` now, whatever its state; its occurrences are left as they are. Takes no body. With an Idempotency-Key, a repeat of the same trigger answers the first message (200) instead of firing again.",
    tag: 'schedules',
    pathParameters: { name: SCHEDULE_NAME },
    idempotencyKey: true,
    responses: {
      202: { description: 'The message, queued; delivery follows', schema: messageSchema, headers: ['Location'] },
      200: { description: 'The Idempotency-Key was used before with the same trigger: the first message', schema: messageSchema, headers: ['Location'] },
    },
    errors: {
      400: 'The Idempotency-Key is malformed',
      404: NO_SCHEDULE,
      409: KEY_IN_PROGRESS_OR_GONE,
      422: 'The Idempotency-Key was first used with a different request (another schedule, or POST /api/messages)',
    },
  },
  // Static pages are for browsers, not API clients; the document links /docs in its description.
  'GET /docs': { undocumented: 'the human-readable page rendered from this document' },
  'GET /console': { undocumented: "the admin console's page (the API calls it makes are documented here)" },
  'GET /console/{asset}': { undocumented: "the console's script and stylesheet, by their hashed names" },
};

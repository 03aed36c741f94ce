import { ATTEMPT_OUTCOMES } from '../message/attempt';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES } from '../message/message';

/**
 * The JSON Schemas of what the API answers. No function validates its own answers with them:
 * they are the contract (the OpenAPI document is generated from them), and the contract test
 * holds every answer the sandbox gives against them. `{ $ref: '<$id>' }` names another schema of
 * core by its `$id`, as ajv resolves it and the OpenAPI generator turns it into a component (every
 * schema exported here or by definitions.ts may be named so).
 */

const isoTimestamp = { type: 'string', dateTime: true, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$' } as const;
const count = { type: 'integer', minimum: 0 } as const;

/** `{ each value: count }`, every value present: a counter never written reads 0. */
function countsOf(values: readonly string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: values,
    properties: Object.fromEntries(values.map((value) => [value, count])),
  } as const;
}

/** One bad input: a body field by JSON Pointer, or a query parameter or header by name. */
const problemFieldError = {
  type: 'object',
  additionalProperties: false,
  required: ['detail'],
  properties: {
    pointer: { type: 'string', description: 'JSON Pointer (in URI fragment form) of the body field, e.g. #/payload' },
    field: { type: 'string', description: 'The query parameter or header, e.g. limit or Idempotency-Key' },
    detail: { type: 'string' },
  },
  oneOf: [{ required: ['pointer'] }, { required: ['field'] }],
} as const;

/** RFC 9457 problem details; extension members (e.g. `current_status` on a 409) may follow. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  additionalProperties: true,
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'Always about:blank: the status says what kind of problem it is' },
    title: { type: 'string', description: "The status's reason phrase" },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What exactly was wrong, for a person' },
    errors: { type: 'array', items: problemFieldError, description: 'Each bad input, when the problem is about input' },
    current_status: { type: 'string', enum: MESSAGE_STATUSES, description: 'On a 409: the status the message is in' },
  },
} as const;

/** API Gateway's own answer when the stage's throttling limits are reached (not problem+json). */
export const throttledSchema = {
  $id: 'Throttled',
  type: 'object',
  required: ['message'],
  properties: { message: { type: 'string', const: 'Too Many Requests' } },
} as const;

export const healthSchema = {
  $id: 'Health',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'timestamp', 'stage'],
  properties: {
    status: { type: 'string', const: 'healthy' },
    timestamp: isoTimestamp,
    stage: { type: 'string', enum: STAGES },
  },
} as const;

export const messagePageSchema = {
  $id: 'MessagePage',
  type: 'object',
  additionalProperties: false,
  required: ['messages', 'count', 'next_cursor'],
  properties: {
    messages: { type: 'array', items: { $ref: 'Message' }, description: 'Newest first' },
    count: count,
    next_cursor: { type: ['string', 'null'], description: 'Pass it back as `cursor` for the next page; null on the last page' },
  },
} as const;

export const deliveryAttemptSchema = {
  $id: 'DeliveryAttempt',
  type: 'object',
  additionalProperties: false,
  required: ['attempt', 'started_at', 'duration_ms', 'receive_count', 'outcome'],
  properties: {
    attempt: { type: 'integer', minimum: 1, description: "Counts from 1 over the message's whole life" },
    started_at: isoTimestamp,
    duration_ms: { type: 'number', minimum: 0 },
    receive_count: { type: 'integer', minimum: 1, description: 'How often the queue had handed out the record then' },
    outcome: { type: 'string', enum: ATTEMPT_OUTCOMES },
    http_status: { type: 'integer', description: 'Present when ntfy answered' },
    ntfy_code: { type: 'integer', description: "ntfy's own error code, e.g. 42901" },
    notification_id: { type: 'string' },
    error: { type: 'string' },
  },
} as const;

export const attemptListSchema = {
  $id: 'AttemptList',
  type: 'object',
  additionalProperties: false,
  required: ['attempts'],
  properties: { attempts: { type: 'array', items: { $ref: 'DeliveryAttempt' }, description: 'Oldest first' } },
} as const;

export const metricsSchema = {
  $id: 'Metrics',
  type: 'object',
  additionalProperties: false,
  required: ['total', 'by_status', 'by_stage', 'by_type'],
  properties: {
    total: count,
    by_status: countsOf(MESSAGE_STATUSES),
    by_stage: countsOf(STAGES),
    by_type: countsOf(MESSAGE_TYPES),
  },
} as const;

/** What a browser needs to sign people in (GET /api/auth/config). */
export const authConfigSchema = {
  $id: 'AuthConfig',
  type: 'object',
  additionalProperties: false,
  required: ['issuer', 'discovery_url', 'client_id', 'scopes'],
  properties: {
    issuer: { type: 'string', description: 'The OIDC issuer' },
    discovery_url: { type: 'string', description: "The issuer's OpenID Connect discovery document" },
    client_id: { type: 'string', description: 'The public client id (authorization code with PKCE)' },
    scopes: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** Who the caller is (GET /api/auth/me): the console offers write controls to operators only. */
export const meSchema = {
  $id: 'Me',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'role'],
  properties: {
    id: { type: 'string', description: "The user's `sub`, or `api` for the API token" },
    name: { type: 'string', description: "The user's email or username, for display" },
    role: { type: 'string', enum: ['operator', 'reader'], description: '`operator` may change things; `reader` may only read' },
  },
} as const;

/** The OpenAPI document itself (GET /api/openapi.json): its shape is OpenAPI's, checked by its own validator. */
export const openApiDocumentSchema = {
  $id: 'OpenApiDocument',
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.' },
    info: { type: 'object' },
    paths: { type: 'object' },
  },
} as const;

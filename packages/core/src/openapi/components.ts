import { IDEMPOTENCY_KEY } from '../api-contract';

/**
 * The parts of the document every operation shares: security schemes, headers, parameters and
 * the answers any route may give. The per-route parts are built in document.ts.
 */

export const PROBLEM_JSON = 'application/problem+json';

export const ref = (kind: 'schemas' | 'responses' | 'headers' | 'parameters', name: string): { $ref: string } => ({ $ref: `#/components/${kind}/${name}` });

export const problemContent = { [PROBLEM_JSON]: { schema: ref('schemas', 'Problem') } } as const;

export const SECURITY_SCHEMES = {
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: "The stage's machine token (SSM parameter `/rez-agent/<stage>/api-token`; the sandbox prints its own). It may do everything: read and operate.",
  },
  signIn: {
    type: 'openIdConnect',
    // The issuer is the stage's (Cognito in AWS, a local provider in the sandbox): GET /api/auth/config names it.
    openIdConnectUrl: 'https://issuer.invalid/.well-known/openid-configuration',
    description:
      "A signed-in person's OIDC access token, sent as `Authorization: Bearer <token>`. The issuer is the stage's: `GET /api/auth/config` answers its `issuer` and `discovery_url` (the URL here is a placeholder). Every signed-in user may read; members of the operators group may also operate.",
  },
} as const;

/** A response header, described once. */
export const HEADERS = {
  'X-Request-Id': { description: "This request's id: quote it when reporting a problem", schema: { type: 'string' } },
  'X-Correlation-Id': { description: 'The X-Correlation-Id sent (when usable), else the request id: it ties the call to the log lines of its delivery', schema: { type: 'string' } },
  Location: { description: 'The URL of the message (or schedule) the request created', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
  'WWW-Authenticate': { description: 'The scheme to use: Bearer', schema: { type: 'string' } },
} as const;

export type HeaderName = keyof typeof HEADERS;

const headerName = (name: string): string => name.replace(/-/g, '');

export function responseHeaders(names: readonly HeaderName[]): Record<string, { $ref: string }> {
  return Object.fromEntries(['X-Request-Id', 'X-Correlation-Id', ...names].map((name) => [name, ref('headers', headerName(name))]));
}

export const HEADER_COMPONENTS = Object.fromEntries(Object.entries(HEADERS).map(([name, header]) => [headerName(name), header]));

export const PARAMETERS = {
  IdempotencyKey: {
    name: IDEMPOTENCY_KEY.name,
    in: 'header',
    required: false,
    description:
      'Makes a create safe to repeat: the same key with the same body answers the first message (200); with another body it is a 422. Keys are scoped to the caller.',
    schema: IDEMPOTENCY_KEY.schema,
  },
  CorrelationId: {
    name: 'X-Correlation-Id',
    in: 'header',
    required: false,
    description: 'Your id for this call (1 to 128 visible ASCII characters), logged with it and with the delivery it causes; an unusable one is ignored',
    schema: { type: 'string', maxLength: 128 },
  },
} as const;

/** The answers any route may give, by the access it needs. */
export const SHARED_RESPONSES = {
  Unauthorized: {
    description: 'No bearer token, or not a valid one',
    headers: responseHeaders(['WWW-Authenticate']),
    content: problemContent,
  },
  Forbidden: {
    description: 'Signed in, but only operators (and the API token) may do this',
    headers: responseHeaders([]),
    content: problemContent,
  },
  Throttled: {
    description: "API Gateway's stage throttling: too many requests (its own body, not problem+json)",
    headers: {},
    content: { 'application/json': { schema: ref('schemas', 'Throttled') } },
  },
  InternalError: {
    description: 'A fault of ours; the detail carries no internals (quote X-Request-Id)',
    headers: responseHeaders([]),
    content: problemContent,
  },
  Unavailable: {
    description: "The sign-in provider's keys cannot be fetched right now, so a user's token cannot be checked; try again after Retry-After",
    headers: responseHeaders(['Retry-After']),
    content: problemContent,
  },
} as const;

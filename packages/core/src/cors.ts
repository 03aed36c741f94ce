import { API_ROUTE_KEYS, splitRouteKey } from './api-routes';

/**
 * The API's CORS rules, in one place: API Gateway's corsConfiguration (the stack) and the
 * sandbox's gateway both apply them; the webapi function sends no CORS header of its own (in
 * AWS API Gateway would override it anyway).
 */
export interface CorsDefinition {
  /** From config (`corsOrigins`, CORS_ALLOWED_ORIGINS); `*` allows any origin. */
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  /** Request headers a browser may send cross-origin. */
  readonly allowHeaders: readonly string[];
  /** Response headers a browser script may read. */
  readonly exposeHeaders: readonly string[];
  /** Seconds a browser may cache a preflight answer. */
  readonly maxAgeSeconds: number;
  /** Never: the API authenticates with a bearer header, not cookies, so `*` stays safe. */
  readonly allowCredentials: false;
}

export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'] as const;

/** Location (201), Retry-After (429/503), WWW-Authenticate (401) and the two tracing ids. */
export const CORS_EXPOSED_HEADERS = ['Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id', 'X-Correlation-Id'] as const;

/** Chromium caps a cached preflight at 7200 s; a longer max-age buys nothing. */
export const CORS_MAX_AGE_SECONDS = 7200;

/** The methods of core's route table, plus OPTIONS for the preflight itself. */
const ROUTE_METHODS = [...new Set(API_ROUTE_KEYS.map((key) => splitRouteKey(key).method)), 'OPTIONS'];

/** The API's CORS definition for the origins a stage allows. */
export function corsDefinition(allowOrigins: readonly string[]): CorsDefinition {
  return {
    allowOrigins: [...allowOrigins],
    allowMethods: ROUTE_METHODS,
    allowHeaders: CORS_ALLOWED_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAgeSeconds: CORS_MAX_AGE_SECONDS,
    allowCredentials: false,
  };
}

/** Access-Control-Allow-Origin for a request's Origin, or undefined when that origin is not allowed. */
export function allowedOrigin(definition: CorsDefinition, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (definition.allowOrigins.includes('*')) return '*';
  // Origins compare as browsers send them: scheme and host are case-insensitive.
  const wanted = origin.toLowerCase();
  return definition.allowOrigins.some((allowed) => allowed.toLowerCase() === wanted) ? origin : undefined;
}

/** The headers answering a preflight from `origin` (none when it is not allowed). */
export function corsPreflightHeaders(definition: CorsDefinition, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(definition, origin);
  if (allowed === undefined) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': allowed,
    'Access-Control-Allow-Methods': definition.allowMethods.join(', '),
    'Access-Control-Allow-Headers': definition.allowHeaders.join(', '),
    'Access-Control-Max-Age': String(definition.maxAgeSeconds),
    Vary: 'Origin',
  };
}

/** The headers added to an ordinary response for `origin`; `Vary: Origin` always, so caches never mix origins. */
export function corsResponseHeaders(definition: CorsDefinition, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(definition, origin);
  if (allowed === undefined) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': allowed, 'Access-Control-Expose-Headers': definition.exposeHeaders.join(', '), Vary: 'Origin' };
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './request';

export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'] as const;
/** Response headers a browser script may read. */
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Location', 'WWW-Authenticate', 'Allow'] as const;
/** Seconds a browser may cache a preflight answer (Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 7200;

/**
 * Which browser origins may call the API. Credentials (cookies) are never allowed: the API
 * authenticates with a bearer token, so `*` is safe where configured and is sent as `*`.
 */
export class CorsPolicy {
  readonly #origins: ReadonlySet<string>;
  readonly #any: boolean;

  constructor(allowedOrigins: readonly string[]) {
    this.#any = allowedOrigins.includes('*');
    // Origins compare as browsers send them: scheme and host lower-case, no trailing slash.
    this.#origins = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
  }

  /** Access-Control-Allow-Origin for this request's Origin, or undefined when it is not allowed. */
  allowOrigin(event: APIGatewayProxyEventV2): string | undefined {
    const origin = header(event, 'origin');
    if (!origin) return undefined;
    if (this.#any) return '*';
    return this.#origins.has(origin.toLowerCase()) ? origin : undefined;
  }

  /** Headers for an ordinary response. `Vary: Origin` always, so caches never mix origins. */
  responseHeaders(event: APIGatewayProxyEventV2): Record<string, string> {
    const allowed = this.allowOrigin(event);
    if (allowed === undefined) return { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': allowed,
      'Access-Control-Expose-Headers': CORS_EXPOSED_HEADERS.join(', '),
      Vary: 'Origin',
    };
  }

  /** Headers answering a preflight for a path that supports `methods`. */
  preflightHeaders(event: APIGatewayProxyEventV2, methods: readonly string[]): Record<string, string> {
    const allowed = this.allowOrigin(event);
    if (allowed === undefined) return { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': allowed,
      'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
      'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(', '),
      'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
      Vary: 'Origin',
    };
  }
}

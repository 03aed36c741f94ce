import { STATUS_CODES } from 'node:http';
import { RezError } from '@rez-agent/core';

/** One bad input: a body field by JSON Pointer, or a query parameter / header / path segment by name. */
export type ProblemFieldError = { pointer: string; detail: string } | { field: string; detail: string };

/** An RFC 9457 problem details document. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

export interface HttpErrorOptions extends ErrorOptions {
  errors?: ProblemFieldError[];
  /** Response headers the status requires (Allow, WWW-Authenticate). */
  headers?: Record<string, string>;
  /** Extension members of the problem document, e.g. `current_status`. */
  extensions?: Record<string, unknown>;
}

/**
 * The base of every error that becomes an HTTP response: it carries its status and renders
 * itself as problem+json. `type` stays `about:blank` (RFC 9457 §4.2.1), so the title is the
 * status's reason phrase and the detail and `errors` say what exactly was wrong.
 */
export class HttpError extends RezError {
  override readonly name: string = 'HttpError';
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly statusCode: number,
    detail: string,
    options: HttpErrorOptions = {},
  ) {
    super(detail, options);
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  toJSON(): ProblemDocument {
    return {
      type: 'about:blank',
      title: STATUS_CODES[this.statusCode] ?? 'Error',
      status: this.statusCode,
      detail: this.message,
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

/** 400: malformed JSON, a schema violation, a bad query parameter or header. */
export class BadRequestError extends HttpError {
  override readonly name = 'BadRequestError';
  constructor(detail: string, options?: HttpErrorOptions) {
    super(400, detail, options);
  }
}

/** 401: no usable bearer token; always tells the client which scheme to use. */
export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  constructor(detail: string, challenge = 'Bearer realm="rez-agent"') {
    super(401, detail, { headers: { 'WWW-Authenticate': challenge } });
  }
}

/** 403: signed in, but the route needs a role the caller does not have. */
export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  constructor(detail: string) {
    super(403, detail);
  }
}

/** 404: no such route, or no such message. */
export class NotFoundHttpError extends HttpError {
  override readonly name = 'NotFoundHttpError';
  constructor(detail: string, options?: HttpErrorOptions) {
    super(404, detail, options);
  }
}

/** 405: the path exists but not with this method; `Allow` lists the methods it has. */
export class MethodNotAllowedError extends HttpError {
  override readonly name = 'MethodNotAllowedError';
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, `${method} is not supported on ${path}; use ${allowed.join(', ')}`, { headers: { Allow: allowed.join(', ') } });
  }
}

/** 409: the message is not in a status the operation accepts (naming it), or a key's message is gone. */
export class ConflictHttpError extends HttpError {
  override readonly name = 'ConflictHttpError';
  constructor(detail: string, currentStatus: string | undefined, options?: ErrorOptions) {
    super(409, detail, { ...options, ...(currentStatus ? { extensions: { current_status: currentStatus } } : {}) });
  }
}

/** 409 with Retry-After: the first request with this Idempotency-Key is still at work. */
export class RequestInProgressError extends HttpError {
  override readonly name = 'RequestInProgressError';
  constructor(detail: string, field: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(409, detail, {
      ...options,
      errors: [{ field, detail: 'belongs to a request that is still in progress' }],
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** 422: well-formed, but refused, e.g. an Idempotency-Key reused with a different body. */
export class UnprocessableContentError extends HttpError {
  override readonly name = 'UnprocessableContentError';
  constructor(detail: string, options?: HttpErrorOptions) {
    super(422, detail, options);
  }
}

/** 413: the decoded body is over the limit. */
export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  constructor(limitBytes: number, actualBytes: number) {
    super(413, `the request body is ${actualBytes} bytes; the limit is ${limitBytes} bytes`);
  }
}

/** 415: the body is not declared as JSON. */
export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(contentType: string | undefined) {
    super(
      415,
      contentType === undefined
        ? 'the request has no Content-Type; send application/json'
        : `Content-Type ${contentType} is not supported; send application/json`,
      { headers: { 'Accept-Post': 'application/json' } },
    );
  }
}

/** 503 with Retry-After: a dependency we cannot do without is unreachable for now. */
export class ServiceUnavailableError extends HttpError {
  override readonly name = 'ServiceUnavailableError';
  constructor(detail: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(503, detail, { ...options, headers: { 'Retry-After': String(retryAfterSeconds) } });
  }
}

/** 500: a fault of ours. The detail never carries the cause; the log does. */
export class InternalServerError extends HttpError {
  override readonly name = 'InternalServerError';
  constructor(options?: ErrorOptions) {
    super(500, 'the server failed to handle the request; quote the X-Request-Id header when reporting it', options);
  }
}

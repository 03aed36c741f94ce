import { ConflictError, IdempotencyKeyInProgressError, IdempotencyKeyReusedError, NotFoundError, ValidationError } from '@rez-agent/core';
import type { DomainErrorWording, RouteRequest } from '../types';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';
import { ConflictHttpError, HttpError, InternalServerError, NotFoundHttpError, RequestInProgressError, UnprocessableContentError } from './problem';
import { badInput } from './validation';

/**
 * The one place a thrown error becomes the client's answer. An HttpError already is one; core's
 * domain errors map to 400, 404, 409 and 422 (a repeated Idempotency-Key answered as the IETF
 * draft does), in the route's wording where it has one; anything else is our fault, a 500 with
 * no internals (the cause stays for the log).
 */
export function httpErrorOf(error: unknown, request: RouteRequest, wording: DomainErrorWording = {}): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ValidationError) return badInput(error, wording.input ?? 'body');
  if (error instanceof NotFoundError) return new NotFoundHttpError(wording.notFound?.(request) ?? error.message, { cause: error });
  if (error instanceof ConflictError) return new ConflictHttpError(wording.conflict?.(request, error) ?? error.message, error.currentStatus, { cause: error });
  if (error instanceof IdempotencyKeyReusedError) {
    return new UnprocessableContentError(`this ${IDEMPOTENCY_KEY_HEADER} was first used with a different request body; send a new key`, {
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, detail: 'was first used with a different request body' }],
      cause: error,
    });
  }
  if (error instanceof IdempotencyKeyInProgressError) {
    const detail = `the first request with this ${IDEMPOTENCY_KEY_HEADER} is still in progress; retry after ${error.retryAfterSeconds} s`;
    return new RequestInProgressError(detail, IDEMPOTENCY_KEY_HEADER, error.retryAfterSeconds, { cause: error });
  }
  return new InternalServerError({ cause: error });
}

import {
  ConflictError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  LogCode,
  ValidationError,
  createMessage as create,
  parseCreateMessageRequest,
  type CreateMessageRequest,
} from '@rez-agent/core';
import { ConflictHttpError, RequestInProgressError, UnprocessableContentError, type HttpError } from '../http/problem';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, scopedIdempotencyKey } from '../http/idempotency-key';
import { assertJsonContentType, jsonBody } from '../http/request';
import { badInput } from '../http/validation';
import type { RouteHandler } from '../types';

function createRequestOf(body: unknown): CreateMessageRequest {
  try {
    return parseCreateMessageRequest(body);
  } catch (error) {
    throw error instanceof ValidationError ? badInput(error, 'body') : error;
  }
}

/** The use case's refusals of a repeated Idempotency-Key, as the IETF draft answers them. */
function idempotencyProblem(error: unknown): HttpError | undefined {
  if (error instanceof IdempotencyKeyReusedError) {
    return new UnprocessableContentError(`this ${IDEMPOTENCY_KEY_HEADER} was first used with a different request body; send a new key`, {
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, detail: 'was first used with a different request body' }],
      cause: error,
    });
  }
  if (error instanceof IdempotencyKeyInProgressError) {
    return new RequestInProgressError(
      `the first request with this ${IDEMPOTENCY_KEY_HEADER} is still in progress; retry after ${error.retryAfterSeconds} s`,
      IDEMPOTENCY_KEY_HEADER,
      error.retryAfterSeconds,
      { cause: error },
    );
  }
  // The key's first message is gone (its retention ended before the key's record did).
  if (error instanceof ConflictError) {
    return new ConflictHttpError(`this ${IDEMPOTENCY_KEY_HEADER} belongs to a message that no longer exists; send a new key`, undefined, { cause: error });
  }
  return undefined;
}

/**
 * Stores, publishes and queues a message. Every check (headers, media type, size, JSON,
 * schema) runs before the use case, so a bad request stores and publishes nothing. A repeated
 * Idempotency-Key with the same body returns the first message with 200 instead of 201; with a
 * different body it is a 422, and while the first request is still at work a 409 with
 * Retry-After.
 */
export const createMessage: RouteHandler = {
  auth: 'bearer',
  async handle({ event, principal, correlationId, logger }, deps) {
    const key = idempotencyKeyOf(event);
    assertJsonContentType(event);
    const request = createRequestOf(jsonBody(event));
    const { message, created } = await create(deps, {
      ...request,
      created_by: principal.id,
      correlation_id: correlationId,
      ...(key === undefined ? {} : { idempotency_key: scopedIdempotencyKey(principal, key) }),
    }).catch((error: unknown) => {
      throw (key === undefined ? undefined : idempotencyProblem(error)) ?? error;
    });
    logger.info(
      { code: created ? LogCode.MESSAGE_CREATED : LogCode.MESSAGE_DUPLICATE, message_id: message.id, idempotency_key: key },
      created ? 'message created and queued' : 'idempotency key repeated; returning the first message',
    );
    return {
      statusCode: created ? 201 : 200,
      body: message,
      headers: { Location: `/api/messages/${message.id}` },
    };
  },
};

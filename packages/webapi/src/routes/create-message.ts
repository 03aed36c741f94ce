import { ConflictError, LogCode, ValidationError, createMessage as create, parseCreateMessageRequest, type CreateMessageRequest } from '@rez-agent/core';
import { ConflictHttpError } from '../http/problem';
import { idempotencyKeyOf, scopedIdempotencyKey } from '../http/idempotency-key';
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

/**
 * Stores, publishes and queues a message. Every check (headers, media type, size, JSON,
 * schema) runs before the use case, so a bad request stores and publishes nothing. A repeated
 * Idempotency-Key returns the first message with 200 instead of 201.
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
      // The key's first message is gone (its retention ended before the key's record did).
      if (error instanceof ConflictError && key !== undefined) {
        throw new ConflictHttpError('this Idempotency-Key belongs to a message that no longer exists; send a new key', undefined, { cause: error });
      }
      throw error;
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

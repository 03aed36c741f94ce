import { LogCode, createMessage as create, parseCreateMessageRequest, resolveDeliveryTime } from '@rez-agent/core';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf, scopedIdempotencyKey } from '../http/idempotency-key';
import { assertJsonContentType, jsonBody } from '../http/request';
import type { RouteHandler } from '../types';

/**
 * Stores, publishes and queues a message, or stores it `scheduled` for `deliver_at` / `delay`
 * (at most 365 days ahead). Every check (headers, media type, size, JSON,
 * schema) runs before the use case, so a bad request stores and publishes nothing. A repeated
 * Idempotency-Key with the same body returns the first message with 200 instead of 201; with a
 * different body it is a 422, and while the first request is still at work a 409 with
 * Retry-After (both answered in http/domain-errors.ts).
 */
/** When the request asked for delivery, as a repeated Idempotency-Key is compared on. */
function requestedDeliveryOf(delay: string | undefined, deliverAt: Date | undefined): string | undefined {
  if (delay !== undefined) return `delay:${delay}`;
  return deliverAt ? `at:${deliverAt.toISOString()}` : undefined;
}

export const createMessage: RouteHandler = {
  errors: {
    input: 'body',
    // The key's first message is gone (its retention ended before the key's record did).
    conflict: () => `this ${IDEMPOTENCY_KEY_HEADER} belongs to a message that no longer exists; send a new key`,
  },
  async handle({ event, principal, correlationId, logger }, deps) {
    const key = idempotencyKeyOf(event);
    assertJsonContentType(event);
    const { deliver_at, delay, ...request } = parseCreateMessageRequest(jsonBody(event));
    // A past, unreadable or too distant time is a ValidationError naming its field: a 400.
    const when = { ...(deliver_at !== undefined ? { deliver_at } : {}), ...(delay !== undefined ? { delay } : {}) };
    const deliverAt = resolveDeliveryTime(when, deps.clock.now());
    const { message, created } = await create(deps, {
      ...request,
      ...(deliverAt ? { deliver_at: deliverAt } : {}),
      created_by: principal.id,
      ...(principal.name === undefined ? {} : { created_by_name: principal.name }),
      correlation_id: correlationId,
      ...(key === undefined ? {} : { idempotency_key: scopedIdempotencyKey(principal, key) }),
    }, requestedDeliveryOf(delay, deliverAt));
    logger.info(
      { code: created ? LogCode.MESSAGE_CREATED : LogCode.MESSAGE_DUPLICATE, message_id: message.id, idempotency_key: key },
      created ? `message created and ${message.status}` : 'idempotency key repeated; returning the first message',
    );
    return {
      statusCode: created ? 201 : 200,
      body: message,
      headers: { Location: `/api/messages/${message.id}` },
    };
  },
};

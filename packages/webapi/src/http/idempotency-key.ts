import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { IDEMPOTENCY_KEY } from '@rez-agent/core';
import type { Principal } from './auth';
import { BadRequestError } from './problem';
import { header } from './request';

export const IDEMPOTENCY_KEY_HEADER = IDEMPOTENCY_KEY.name;
/** 1..256 printable ASCII characters (space included, control characters not): the pattern the OpenAPI document states. */
const VALID_KEY = new RegExp(IDEMPOTENCY_KEY.schema.pattern);

/** The request's Idempotency-Key as sent, undefined when absent; 400 naming the header when malformed. */
export function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const key = header(event, IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return undefined;
  if (!VALID_KEY.test(key)) {
    throw new BadRequestError(`the ${IDEMPOTENCY_KEY_HEADER} header must be 1 to 256 printable ASCII characters`, {
      errors: [{ field: IDEMPOTENCY_KEY_HEADER, detail: 'must be 1 to 256 printable ASCII characters' }],
    });
  }
  return key;
}

/**
 * The key as stored: scoped to the API and the principal, so it never meets a scheduler key
 * (`schedule:...`) or another caller's key, and hashed so any accepted header value fits the
 * message's 256-character idempotency_key whatever the scope's length.
 */
export function scopedIdempotencyKey(principal: Principal, key: string): string {
  return `api:${principal.id}:${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
}

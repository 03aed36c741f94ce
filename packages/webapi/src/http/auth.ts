import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RezError } from '@rez-agent/core';
import { UnauthorizedError } from './problem';
import { header } from './request';

/** Who made a request. `id` becomes the message's created_by and scopes idempotency keys. */
export interface Principal {
  id: string;
}

/**
 * Decides who a request comes from, or throws UnauthorizedError. One function, so a JWT/OIDC
 * authenticator can replace the bearer token without touching the routes.
 */
export type Authenticator = (event: APIGatewayProxyEventV2) => Promise<Principal>;

/** The principal every holder of the shared API token acts as. */
export const API_TOKEN_PRINCIPAL: Principal = Object.freeze({ id: 'api' });

const INVALID_TOKEN = 'Bearer realm="rez-agent", error="invalid_token"';

// Equal-length digests make timingSafeEqual usable whatever the lengths of the two tokens.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * `Authorization: Bearer <token>` checked in constant time against the configured token, read
 * through `token()` (a lazy secret: SSM is asked once, on the first request that needs it).
 */
export function bearerTokenAuthenticator(token: () => Promise<string | undefined>): Authenticator {
  return async (event) => {
    const authorization = header(event, 'authorization');
    if (!authorization) throw new UnauthorizedError('this endpoint needs an Authorization: Bearer <token> header');
    // RFC 9110 §11.1: the scheme is case-insensitive.
    const match = /^bearer +(\S+) *$/i.exec(authorization);
    if (!match?.[1]) throw new UnauthorizedError('the Authorization header must use the Bearer scheme: Bearer <token>');
    const expected = await token();
    // Fail closed: no configured token is our fault (a 500), never an open door.
    if (!expected) throw new RezError('no API token is configured (REZ_API_TOKEN or REZ_API_TOKEN_PARAMETER)');
    if (!timingSafeEqual(digest(match[1]), digest(expected))) {
      throw new UnauthorizedError('the bearer token is not valid', INVALID_TOKEN);
    }
    return API_TOKEN_PRINCIPAL;
  };
}

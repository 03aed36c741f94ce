import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { RezError } from '@rez-agent/core';
import { InvalidAccessTokenError, KeySetUnavailableError, type AccessTokenVerifier } from './access-token-verifier';
import { ServiceUnavailableError, UnauthorizedError } from './problem';
import { header } from './request';

/** What a principal may do: `operate` (create, retry, …) includes reading. */
export type Role = 'operator' | 'reader';

/** Who made a request. `id` becomes the message's created_by and scopes idempotency keys. */
export interface Principal {
  id: string;
  /** A signed-in user's email or username, for display. */
  name?: string;
  role: Role;
}

/** Decides who a request comes from, or throws UnauthorizedError (or a 503 when it cannot tell). */
export type Authenticator = (event: APIGatewayProxyEventV2) => Promise<Principal>;

/** The principal every holder of the shared API token acts as. */
export const API_TOKEN_PRINCIPAL: Principal = Object.freeze({ id: 'api', role: 'operator' });

/** Signed-in users: their tokens are checked by `verify`; members of `operatorGroup` may operate. */
export interface SignInAuthentication {
  verify: AccessTokenVerifier;
  operatorGroup: string;
}

export interface BearerAuthenticatorOptions {
  /** The machine token, read lazily (SSM is asked once, on the first request that needs it). */
  apiToken: () => Promise<string | undefined>;
  signIn?: SignInAuthentication;
}

// RFC 6750 §3.1: a token that is expired, revoked, malformed or otherwise not ours.
const INVALID_TOKEN = 'Bearer realm="rez-agent", error="invalid_token"';
// A JWS in compact form (header.payload.signature); the machine token never has dots.
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

// Equal-length digests make timingSafeEqual usable whatever the lengths of the two tokens.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

async function machinePrincipal(token: string, apiToken: () => Promise<string | undefined>): Promise<Principal> {
  const expected = await apiToken();
  // Fail closed: no configured token is our fault (a 500), never an open door.
  if (!expected) throw new RezError('no API token is configured (REZ_API_TOKEN or REZ_API_TOKEN_PARAMETER)');
  if (!timingSafeEqual(digest(token), digest(expected))) throw new UnauthorizedError('the bearer token is not valid', INVALID_TOKEN);
  return API_TOKEN_PRINCIPAL;
}

async function userPrincipal(token: string, signIn: SignInAuthentication): Promise<Principal> {
  try {
    const claims = await signIn.verify(token);
    return {
      id: claims.sub,
      ...(claims.name === undefined ? {} : { name: claims.name }),
      role: claims.groups.includes(signIn.operatorGroup) ? 'operator' : 'reader',
    };
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) throw new UnauthorizedError(error.message, INVALID_TOKEN);
    // The token may be good: a 401 would make the console throw it away; a 503 says "try again".
    if (error instanceof KeySetUnavailableError) throw new ServiceUnavailableError(`${error.message}; try again shortly`, 5, { cause: error });
    throw error;
  }
}

/**
 * `Authorization: Bearer <token>`: a JWT is an OIDC access token (when sign-in is configured),
 * anything else the machine token, compared in constant time.
 */
export function bearerAuthenticator(options: BearerAuthenticatorOptions): Authenticator {
  return async (event) => {
    const authorization = header(event, 'authorization');
    if (!authorization) throw new UnauthorizedError('this endpoint needs an Authorization: Bearer <token> header');
    // RFC 9110 §11.1: the scheme is case-insensitive.
    const match = /^bearer +(\S+) *$/i.exec(authorization);
    if (!match?.[1]) throw new UnauthorizedError('the Authorization header must use the Bearer scheme: Bearer <token>');
    const token = match[1];
    if (options.signIn && COMPACT_JWS.test(token)) return userPrincipal(token, options.signIn);
    return machinePrincipal(token, options.apiToken);
  };
}

import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type RemoteJWKSetOptions } from 'jose';

/** What a verified access token says about its holder. */
export interface AccessTokenClaims {
  sub: string;
  /** For display: the `email` claim, else Cognito's `username`. */
  name: string | undefined;
  groups: readonly string[];
}

export interface AccessTokenVerifierOptions {
  issuer: string;
  clientId: string;
  /** Unset: Cognito's place, `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** The claim listing the user's groups (Cognito: `cognito:groups`). */
  groupsClaim: string;
  /** Tests shorten jose's refetch cooldown (30 s) to see a key rotation at once. */
  keySet?: RemoteJWKSetOptions;
}

/** The token is not one we accept (expired, tampered, another issuer or client): a 401. */
export class InvalidAccessTokenError extends Error {
  override readonly name = 'InvalidAccessTokenError';
}

/** The issuer's key set could not be fetched or read, so no token can be checked now: a 503. */
export class KeySetUnavailableError extends Error {
  override readonly name = 'KeySetUnavailableError';
}

export type AccessTokenVerifier = (token: string) => Promise<AccessTokenClaims>;

/** Cognito and our local provider sign with RS256; anything else (`none`, HS256 with a public key) is refused. */
const ALGORITHMS = ['RS256'];
/** Small clock skew allowed on exp/nbf/iat between the issuer and Lambda. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** A key set fetch that fails becomes KeySetUnavailableError; an unknown kid stays the token's fault. */
function guardKeySet(keySet: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keySet(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
      throw new KeySetUnavailableError('the identity provider\'s signing keys could not be fetched', { cause: error });
    }
  };
}

/** Cognito access tokens carry `client_id` and no `aud`; other issuers put the client in `aud`. */
function isForClient(payload: JWTPayload, clientId: string): boolean {
  if (payload.client_id === clientId) return true;
  return Array.isArray(payload.aud) ? payload.aud.includes(clientId) : payload.aud === clientId;
}

function groupsOf(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  return Array.isArray(value) ? value.filter((group): group is string => typeof group === 'string') : [];
}

/** created_by and created_by_name hold at most this many characters (core's message schema). */
const MAX_CLAIM_CHARS = 256;

function displayNameOf(payload: JWTPayload): string | undefined {
  const name = typeof payload.email === 'string' ? payload.email : payload.username;
  return typeof name === 'string' && name.length > 0 && name.length <= MAX_CLAIM_CHARS ? name : undefined;
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the access token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the access token is not signed with an accepted algorithm';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the access token is signed with a key the issuer does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the access token\'s signature is not valid';
  return 'the access token is malformed';
}

/**
 * Verifies OIDC access tokens against the issuer's JWKS, fetched on first use and cached for the
 * container's life (jose refetches on an unknown kid, at most every 30 s). Build one per cold start.
 */
export function accessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwksUrl = new URL(options.jwksUrl ?? `${issuer}/.well-known/jwks.json`);
  const keySet = guardKeySet(createRemoteJWKSet(jwksUrl, options.keySet));
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: [issuer, `${issuer}/`],
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      if (error instanceof KeySetUnavailableError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidAccessTokenError(describe(error), { cause: error });
      throw error;
    }
    if (payload.token_use !== 'access') throw new InvalidAccessTokenError('the token is not an access token (token_use must be "access")');
    if (!isForClient(payload, options.clientId)) throw new InvalidAccessTokenError('the access token was issued to another client');
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > MAX_CLAIM_CHARS) {
      throw new InvalidAccessTokenError('the access token has no usable sub claim');
    }
    return { sub: payload.sub, name: displayNameOf(payload), groups: groupsOf(payload, options.groupsClaim) };
  };
}

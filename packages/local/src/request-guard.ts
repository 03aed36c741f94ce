import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What the gateway answers instead of running a request: an RFC 9457 problem. */
export interface Refusal {
  status: number;
  detail: string;
  /** The header (or body) the refusal is about, named in `errors`. */
  field: string;
  headers?: Record<string, string>;
}

/** The names this server answers to: only loopback ones, on its own port. */
export function ownHosts(port: number): string[] {
  return ['127.0.0.1', 'localhost', '[::1]'].map((host) => `${host}:${port}`);
}

/**
 * Refuses a Host that is not one of ours. A page on another site that rebinds its DNS name to
 * 127.0.0.1 reaches us with its own name in Host: that is how we tell it apart.
 */
export function checkHost(req: IncomingMessage, hosts: readonly string[]): Refusal | undefined {
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && hosts.includes(host)) return undefined;
  return {
    status: 421,
    field: 'host',
    detail: `this sandbox answers only to ${hosts.join(', ')}; the Host header ${host === undefined ? 'is missing' : `"${host}" is not one of them`}`,
  };
}

/**
 * Refuses a state-changing request that a browser sent on behalf of another site (a form or a
 * fetch from any web page): browsers label those with Sec-Fetch-Site and Origin; curl and
 * scripts send neither.
 */
export function checkSameOrigin(req: IncomingMessage, hosts: readonly string[]): Refusal | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, field: 'sec-fetch-site', detail: `a ${site} request may not change the sandbox; send it from this machine (curl) or from the sandbox's own pages` };
  }
  const origin = req.headers.origin?.toLowerCase();
  if (origin !== undefined && !hosts.some((host) => origin === `http://${host}`)) {
    return { status: 403, field: 'origin', detail: `a request from origin "${origin}" may not change the sandbox` };
  }
  return undefined;
}

/** Length of the body announced, or undefined for none (chunked bodies are counted as they come). */
export function announcedBodyBytes(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length);
  return req.headers['transfer-encoding'] === undefined ? 0 : undefined;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The `iss` of a compact JWS, read without verifying it (the webapi verifies the signature). */
function unverifiedIssuer(jws: string): unknown {
  const payload = /^[\w-]+\.([\w-]+)\.[\w-]+$/.exec(jws)?.[1];
  if (payload === undefined) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
  } catch {
    return undefined;
  }
}

/**
 * A check of `Authorization: Bearer <token>` against the API token, in constant time, for the
 * gateway to run before it reads (or lets a client send, under Expect: 100-continue) a body. An
 * access token of the local OIDC provider passes on to the webapi, which verifies it before it
 * looks at the body.
 */
export function bearerTokenCheck(token: string, accessTokenIssuer?: string): (req: IncomingMessage) => Refusal | undefined {
  const expected = digest(token);
  return (req) => {
    const presented = /^bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return undefined;
    if (presented !== undefined && accessTokenIssuer !== undefined && unverifiedIssuer(presented) === accessTokenIssuer) return undefined;
    return {
      status: 401,
      field: 'authorization',
      detail: 'a request with a body needs a valid Authorization: Bearer <token> header',
      headers: { 'www-authenticate': 'Bearer realm="rez-agent"' },
    };
  };
}

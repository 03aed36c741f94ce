import type { IncomingMessage, ServerResponse } from 'node:http';
import { Events, OAuth2Server, type MutableRedirectUri, type MutableResponse, type MutableToken } from 'oauth2-mock-server';

/** A person who can sign in locally; `login_hint` picks one by key. */
export interface LocalUser {
  sub: string;
  email: string;
  groups: readonly string[];
}

/** The two people of the sandbox: an operator (may change things) and a read-only user. */
export const LOCAL_USERS = {
  operator: { sub: 'local-operator', email: 'operator@rez-agent.local', groups: ['operators'] },
  reader: { sub: 'local-reader', email: 'reader@rez-agent.local', groups: [] },
} as const satisfies Record<string, LocalUser>;

export type LocalUserName = keyof typeof LOCAL_USERS;

export interface OidcProviderOptions {
  /** The one public client that may sign in (no secret: code + PKCE). */
  clientId: string;
  /** 0 (default): a free port. Always on 127.0.0.1. */
  port?: number;
  /** The claim carrying the groups, like Cognito's. */
  groupsClaim?: string;
}

export interface OidcProvider {
  /** e.g. http://127.0.0.1:41234; its discovery document is at /.well-known/openid-configuration. */
  readonly issuer: string;
  readonly jwksUrl: string;
  stop(): Promise<void>;
}

/** The login page's path; discovery advertises it as the authorization endpoint. */
const LOGIN_PATH = '/login';

type TokenRequest = IncomingMessage & { body: Record<string, unknown> };
type QueryRequest = IncomingMessage & { query: Record<string, unknown> };

const isUserName = (value: unknown): value is LocalUserName => typeof value === 'string' && Object.hasOwn(LOCAL_USERS, value);
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page with one link per local user, each continuing the same authorization request. */
function loginPage(req: QueryRequest, res: ServerResponse): void {
  const query = new URLSearchParams(Object.entries(req.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  if (isUserName(query.get('login_hint'))) return void res.writeHead(302, { location: `/authorize?${query.toString()}` }).end();
  const links = Object.entries(LOCAL_USERS).map(([name, user]) => {
    query.set('login_hint', name);
    return `<li><a href="/authorize?${escapeHtml(query.toString())}">Sign in as ${name} (${escapeHtml(user.email)})</a></li>`;
  });
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" });
  res.end(`<!doctype html><title>rez-agent local sign-in</title><h1>rez-agent local sign-in</h1><ul>${links.join('')}</ul>`);
}

/**
 * A local OpenID Connect provider (oauth2-mock-server) shaped like a Cognito user pool: code +
 * PKCE for one public client, discovery, a JWKS, real RS256-signed tokens with `client_id`,
 * `token_use` and the groups claim. A login page lets you pick an operator or a read-only user
 * (`login_hint=operator|reader` skips it). Codes are single-use and must be redeemed with the
 * PKCE verifier and the right client, which the mock alone would not check.
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const groupsClaim = options.groupsClaim ?? 'cognito:groups';
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  const codes = new Map<string, { user: LocalUser; pkce: boolean }>();
  const refreshTokens = new Map<string, LocalUser>();
  // Who the token being built is for, set as the token request is checked (hooks run in order).
  const pending = new WeakMap<IncomingMessage, LocalUser>();

  server.service.addRoute('GET', LOGIN_PATH, loginPage);
  server.service.on(Events.BeforeWellKnownOpenIdConfiguration, (response: MutableResponse) => {
    Object.assign(response.body, { authorization_endpoint: `${server.issuer.url}${LOGIN_PATH}` });
  });
  server.service.on(Events.BeforeAuthorizeRedirect, (redirect: MutableRedirectUri, req: QueryRequest) => {
    const code = redirect.url.searchParams.get('code');
    if (!code) return;
    const hint = req.query.login_hint;
    codes.set(code, { user: LOCAL_USERS[isUserName(hint) ? hint : 'operator'], pkce: typeof req.query.code_challenge === 'string' });
  });
  server.service.on(Events.BeforeTokenSigning, (token: MutableToken, req: TokenRequest) => {
    const user = pending.get(req) ?? userOf(req);
    if (user) pending.set(req, user);
    const idToken = token.payload.aud === options.clientId;
    Object.assign(token.payload, {
      sub: user?.sub ?? 'unknown',
      email: user?.email,
      token_use: idToken ? 'id' : 'access',
      ...(idToken ? {} : { client_id: options.clientId, username: user?.email, [groupsClaim]: user?.groups ?? [] }),
    });
  });
  server.service.on(Events.BeforeResponse, (response: MutableResponse, req: TokenRequest) => {
    const refusal = refusalOf(req);
    if (refusal) {
      response.statusCode = 400;
      response.body = refusal;
      return;
    }
    const user = pending.get(req);
    const refreshToken = typeof response.body === 'object' ? response.body.refresh_token : undefined;
    if (user && typeof refreshToken === 'string') refreshTokens.set(refreshToken, user);
  });

  /** The user a token request is for: by its code (used up here) or refresh token. */
  function userOf(req: TokenRequest): LocalUser | undefined {
    const { grant_type: grant, code, refresh_token: refreshToken } = req.body;
    if (grant === 'authorization_code' && typeof code === 'string') return codes.get(code)?.user;
    if (grant === 'refresh_token' && typeof refreshToken === 'string') return refreshTokens.get(refreshToken);
    return undefined;
  }

  /** What the mock would let through but a real user pool refuses. */
  function refusalOf(req: TokenRequest): { error: string; error_description: string } | undefined {
    const { grant_type: grant, code, client_id: clientId, code_verifier: verifier } = req.body;
    if (clientId !== options.clientId) return { error: 'invalid_client', error_description: 'unknown client_id' };
    if (grant === 'authorization_code') {
      const issued = typeof code === 'string' ? codes.get(code) : undefined;
      if (typeof code === 'string') codes.delete(code);
      if (!issued) return { error: 'invalid_grant', error_description: 'unknown or already used code' };
      if (!issued.pkce || typeof verifier !== 'string') return { error: 'invalid_grant', error_description: 'code_challenge and code_verifier (PKCE) are required' };
      return undefined;
    }
    if (grant === 'refresh_token' && !pending.get(req)) return { error: 'invalid_grant', error_description: 'unknown refresh token' };
    if (grant !== 'refresh_token') return { error: 'unsupported_grant_type', error_description: 'only authorization_code and refresh_token' };
    return undefined;
  }

  await server.start(options.port ?? 0, '127.0.0.1');
  // The mock names 127.0.0.1 "localhost"; the issuer must be the address it really listens on.
  const issuer = `http://127.0.0.1:${server.address().port}`;
  server.issuer.url = issuer;
  return { issuer, jwksUrl: `${issuer}/jwks`, stop: () => server.stop() };
}

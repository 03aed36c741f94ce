import * as oauth from 'oauth4webapi';
import type { AuthConfig } from '../api/types';
import { forgetSession, storePendingSignIn, storeSession, takePendingSignIn, type StoredSession } from './storage';

/** The redirect (and post-logout) URI: the console's own URL, as the stack registers it with the app client. */
export const redirectUri = (): string => `${location.origin}/console/`;

/** Plain HTTP is allowed for a provider on this machine only (the sandbox's). */
const onThisMachine = (url: string): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/** The sign-in provider, found from its issuer by OpenID discovery. */
export interface Provider {
  config: AuthConfig;
  server: oauth.AuthorizationServer;
  client: oauth.Client;
  insecure: boolean;
}

export async function discoverProvider(config: AuthConfig): Promise<Provider> {
  const issuer = new URL(config.issuer);
  const insecure = onThisMachine(config.issuer);
  const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', [oauth.allowInsecureRequests]: insecure });
  const server = await oauth.processDiscoveryResponse(issuer, response);
  return { config, server, client: { client_id: config.client_id }, insecure };
}

/** Sends the browser to the provider: authorization code with PKCE (S256), no client secret. */
export async function startSignIn(provider: Provider, returnTo: string): Promise<void> {
  if (!provider.server.authorization_endpoint) throw new Error('the provider advertises no authorization endpoint');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  storePendingSignIn({ state, codeVerifier, returnTo });
  const url = new URL(provider.server.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: provider.config.client_id,
    redirect_uri: redirectUri(),
    scope: provider.config.scopes.join(' '),
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** True when this page load is the provider's redirect back (a code or an error in the query). */
export const isCallback = (url: URL): boolean => url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));

/**
 * Redeems the code of the provider's redirect for tokens (checking the state and sending the
 * PKCE verifier), keeps them for this tab and returns where the user was headed.
 */
export async function completeSignIn(provider: Provider, url: URL): Promise<string> {
  const pending = takePendingSignIn();
  if (!pending) throw new Error('this sign-in was not started in this tab (or was already completed); sign in again');
  const params = oauth.validateAuthResponse(provider.server, provider.client, url, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(provider.server, provider.client, oauth.None(), params, redirectUri(), pending.codeVerifier, {
    [oauth.allowInsecureRequests]: provider.insecure,
  });
  const tokens = await oauth.processAuthorizationCodeResponse(provider.server, provider.client, response);
  const session: StoredSession = {
    accessToken: tokens.access_token,
    expiresAt: Date.now() + (tokens.expires_in ?? 3600) * 1000,
    ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
  };
  storeSession(session);
  return pending.returnTo;
}

/**
 * Forgets the tokens here, then ends the provider's session too: its end-session endpoint, or
 * Cognito's managed-login `/logout` (which discovery does not advertise). Returns false when the
 * provider has neither (the caller then shows the signed-out page itself).
 */
export function signOut(provider: Provider | undefined, session: StoredSession | undefined): boolean {
  forgetSession();
  if (!provider) return false;
  const { end_session_endpoint: endSession, authorization_endpoint: authorize } = provider.server;
  if (endSession) {
    const url = new URL(endSession);
    url.searchParams.set('client_id', provider.config.client_id);
    url.searchParams.set('post_logout_redirect_uri', redirectUri());
    if (session?.idToken) url.searchParams.set('id_token_hint', session.idToken);
    location.assign(url.href);
    return true;
  }
  if (authorize && new URL(authorize).hostname.endsWith('.amazoncognito.com')) {
    const url = new URL('/logout', authorize);
    url.searchParams.set('client_id', provider.config.client_id);
    url.searchParams.set('logout_uri', redirectUri());
    location.assign(url.href);
    return true;
  }
  return false;
}

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export interface SignInFlow {
  issuer: string;
  clientId: string;
  redirectUri: string;
  /** The login page's link for this user (`operator` or `reader`). */
  user: string;
}

export interface TokenResponse {
  status: number;
  body: { access_token?: string; id_token?: string; error?: string };
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** OpenID discovery, as a browser app does it from the issuer alone. */
export async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery at ${issuer} answered ${response.status}`);
  return (await response.json()) as Discovery;
}

/**
 * The authorization code flow with PKCE (RFC 7636, S256) over plain HTTP, as the console will
 * run it: the login page, the user's link, the redirect with the code, then the token request.
 * `redeem` lets a test change the token request (a missing verifier, another client).
 */
export async function signIn(flow: SignInFlow, redeem: (form: URLSearchParams) => URLSearchParams = (form) => form): Promise<TokenResponse & { code: string }> {
  const { authorization_endpoint: authorize, token_endpoint: tokenEndpoint } = await discover(flow.issuer);
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(16));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: flow.clientId,
    redirect_uri: flow.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });

  const page = await (await fetch(`${authorize}?${query.toString()}`)).text();
  const link = [...page.matchAll(/href="([^"]+)"/g)].map((match) => (match[1] ?? '').replaceAll('&#38;', '&')).find((href) => href.includes(`login_hint=${flow.user}`));
  if (!link) throw new Error(`the login page offers no ${flow.user}:\n${page}`);
  const redirect = await fetch(new URL(link, authorize), { redirect: 'manual' });
  const callback = new URL(redirect.headers.get('location') ?? '');
  if (callback.origin + callback.pathname !== flow.redirectUri) throw new Error(`redirected to ${callback.href}, not the redirect URI`);
  if (callback.searchParams.get('state') !== state) throw new Error('the state came back changed');
  const code = callback.searchParams.get('code') ?? '';

  const form = redeem(new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: flow.redirectUri, client_id: flow.clientId, code_verifier: verifier }));
  const token = await fetch(tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return { status: token.status, body: (await token.json()) as TokenResponse['body'], code };
}

/** Redeems a code again (it must be refused: codes are single-use). */
export async function redeemAgain(issuer: string, form: Record<string, string>): Promise<TokenResponse> {
  const { token_endpoint: tokenEndpoint } = await discover(issuer);
  const token = await fetch(tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: token.status, body: (await token.json()) as TokenResponse['body'] };
}

export interface ProviderProcess {
  issuer: string;
  stop(): Promise<void>;
}

// oauth2-mock-server refuses keys made inside jest's VM context (its plain-object check), so a
// second provider runs in a process of its own, exactly as the sandbox runs the first.
const PROVIDER_SCRIPT = `
  const { startOidcProvider } = await import('@rez-agent/emulators');
  const provider = await startOidcProvider({ clientId: process.env.CLIENT_ID });
  process.stdout.write(JSON.stringify({ issuer: provider.issuer }) + '\\n');
  process.on('SIGTERM', () => provider.stop().then(() => process.exit(0)));
`;

/** Another OIDC provider (another issuer, keys and client), started from the same launcher. */
export function startProviderProcess(clientId: string): Promise<ProviderProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROVIDER_SCRIPT], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, CLIENT_ID: clientId },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the provider process exited with ${code} before it was ready`)));
    child.stdout.once('data', (chunk: Buffer) => {
      const { issuer } = JSON.parse(chunk.toString()) as { issuer: string };
      resolve({ issuer, stop: () => (child.kill('SIGTERM'), exited.then(() => undefined)) });
    });
  });
}

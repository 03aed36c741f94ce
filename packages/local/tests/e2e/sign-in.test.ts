import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { discover, redeemAgain, signIn, startProviderProcess, type ProviderProcess } from '../helpers/sign-in';

interface AuthConfig {
  issuer: string;
  client_id: string;
  scopes: string[];
}

// One sandbox and, for the wrong-issuer case, a second provider of its own: another issuer and client.
let sandbox: SandboxProcess;
let stranger: ProviderProcess;
let config: AuthConfig;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  stranger = await startProviderProcess('someone-elses-client');
  config = (await sandbox.api<AuthConfig>('GET', '/api/auth/config')).body;
});

afterAll(async () => {
  await killAllSandboxes();
  await stranger?.stop();
});

const flow = (user: string) => ({ issuer: config.issuer, clientId: config.client_id, redirectUri: `${sandbox.url}/console/`, user });
const asUser = (token: string) => ({ authorization: `Bearer ${token}` });
const accessTokenOf = async (user: string): Promise<string> => {
  const { status, body } = await signIn(flow(user));
  expect(status).toBe(200);
  return body.access_token ?? '';
};

describe('signing in to the sandbox', () => {
  test('the API names the local provider, which serves discovery and keys on 127.0.0.1', async () => {
    expect(config).toMatchObject({ client_id: 'rez-agent-console-local', scopes: ['openid', 'email', 'profile'] });
    expect(config.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = await discover(config.issuer);
    expect(discovery.issuer).toBe(config.issuer);
    expect((await fetch(discovery.jwks_uri).then((response) => response.json())) as { keys: unknown[] }).toMatchObject({ keys: [expect.objectContaining({ kty: 'RSA' })] });
  });

  test('an operator signs in with code + PKCE and creates a message recorded as theirs', async () => {
    const token = await accessTokenOf('operator');
    const created = await sandbox.api<{ created_by: string; created_by_name: string }>('POST', '/api/messages', { payload: 'signed in as operator' }, asUser(token));

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created_by: 'local-operator', created_by_name: 'operator@rez-agent.local' });
  });

  test('a read-only user may list but gets 403 on a create', async () => {
    const token = await accessTokenOf('reader');

    expect((await sandbox.api('GET', '/api/messages', undefined, asUser(token))).status).toBe(200);
    const refused = await sandbox.api<{ status: number }>('POST', '/api/messages', { payload: 'not allowed' }, asUser(token));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
  });

  test('a token from another issuer and client is a 401 with error="invalid_token"', async () => {
    const { body } = await signIn({ issuer: stranger.issuer, clientId: 'someone-elses-client', redirectUri: `${sandbox.url}/console/`, user: 'operator' });
    const response = await sandbox.api('GET', '/api/messages', undefined, asUser(body.access_token ?? ''));

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="rez-agent", error="invalid_token"');
    // With a body, the gateway refuses it before reading the body: it is not the local issuer's.
    expect((await sandbox.api('POST', '/api/messages', { payload: 'from a stranger' }, asUser(body.access_token ?? ''))).status).toBe(401);
  });

  test('the provider refuses what a real user pool refuses: no PKCE verifier, another client, a code used twice', async () => {
    const noVerifier = await signIn(flow('operator'), (form) => (form.delete('code_verifier'), form));
    expect(noVerifier).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const otherClient = await signIn(flow('operator'), (form) => (form.set('client_id', 'not-the-console'), form));
    expect(otherClient).toMatchObject({ status: 400, body: { error: 'invalid_client' } });

    const used = await signIn(flow('operator'));
    expect(used.status).toBe(200);
    const again = await redeemAgain(config.issuer, { grant_type: 'authorization_code', code: used.code, client_id: config.client_id });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

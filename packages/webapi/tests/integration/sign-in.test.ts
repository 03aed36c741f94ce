import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lazySecret, type Message } from '@rez-agent/core';
import { accessTokenVerifier } from '../../src/http/access-token-verifier';
import { bearerAuthenticator, type Authenticator } from '../../src/http/auth';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from '../helpers/issuer';
import { API_TOKEN, newMessage, useWebApi } from '../helpers/webapi';

let issuer: TestIssuer;
let authenticate: Authenticator;
const api = useWebApi({
  authenticate: (event) => authenticate(event),
  signIn: { issuer: 'http://127.0.0.1:1/pool-1', clientId: CLIENT_ID, scopes: ['openid', 'email'] },
});

beforeAll(async () => {
  issuer = await startTestIssuer();
  authenticate = bearerAuthenticator({
    apiToken: lazySecret({ value: API_TOKEN }),
    signIn: { verify: accessTokenVerifier({ issuer: issuer.issuer, clientId: CLIENT_ID, groupsClaim: 'cognito:groups' }), operatorGroup: 'operators' },
  });
});
afterAll(() => issuer.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const operator = () => issuer.accessToken({ email: 'ada@example.com' });
const reader = () => issuer.accessToken({ sub: 'user-grace', email: 'grace@example.com', 'cognito:groups': ['viewers'] });

describe('signed-in users', () => {
  it('an operator creates a message recorded as theirs, by sub and email', async () => {
    const response = await api.call({ method: 'POST', path: '/api/messages', headers: bearer(await operator()), body: newMessage() });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created_by: '8f1c2d3e-user-ada', created_by_name: 'ada@example.com', status: 'queued' });
    await expect(api.repository.get((response.body as Message).id)).resolves.toMatchObject({ created_by: '8f1c2d3e-user-ada' });
  });

  it('a read-only user may list and read, and gets 403 on a create, which stores nothing', async () => {
    const token = await reader();
    expect((await api.call({ path: '/api/messages', headers: bearer(token) })).status).toBe(200);
    expect((await api.call({ path: '/api/metrics', headers: bearer(token) })).status).toBe(200);
    const before = (await api.repository.metrics()).total;
    await api.published();

    const response = await api.call({ method: 'POST', path: '/api/messages', headers: bearer(token), body: newMessage() });

    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ title: 'Forbidden', status: 403, detail: expect.stringContaining('POST /api/messages') as unknown });
    expect((await api.repository.metrics()).total).toBe(before);
    expect(await api.published()).toEqual([]);
  });

  it('never writes an access token to the logs, also when it is refused', async () => {
    const good = await operator();
    const expired = await issuer.accessToken({ exp: Math.floor(Date.now() / 1000) - 120 });
    await api.call({ path: '/api/messages', headers: bearer(good) });
    await api.call({ path: '/api/messages', headers: bearer(expired) });

    const logged = JSON.stringify(api.logs);
    expect(logged).toContain('/api/messages');
    expect(logged).not.toContain(good.split('.')[2]);
    expect(logged).not.toContain(expired.split('.')[2]);
  });

  it('a read-only user gets 403 on a retry', async () => {
    const response = await api.call({ method: 'POST', path: '/api/messages/01KBZ0000000000000000000A1/retry', headers: bearer(await reader()) });
    expect(response.status).toBe(403);
  });

  it('the machine token still creates, recorded as api with no name', async () => {
    const response = await api.call({ method: 'POST', path: '/api/messages', headers: bearer(API_TOKEN), body: newMessage() });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created_by: 'api' });
    expect(response.body).not.toHaveProperty('created_by_name');
  });

  it.each([
    { name: 'an expired token', token: () => issuer.accessToken({ exp: Math.floor(Date.now() / 1000) - 120 }) },
    { name: 'a token of another issuer', token: () => issuer.accessToken({ iss: 'https://issuer.example.com' }) },
    { name: 'a token of another client', token: () => issuer.accessToken({ client_id: 'other-client' }) },
    { name: 'a tampered token', token: async () => `${(await operator()).slice(0, -4)}AAAA` },
  ])('$name is a 401 problem with error="invalid_token"', async ({ token }) => {
    const response = await api.call({ path: '/api/messages', headers: bearer(await token()) });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="rez-agent", error="invalid_token"');
    expect(response.body).toMatchObject({ title: 'Unauthorized', status: 401 });
  });

  it('an unreachable key set is a 503 with Retry-After, not a 401 or a 500', async () => {
    const cold = bearerAuthenticator({
      apiToken: lazySecret({ value: API_TOKEN }),
      signIn: { verify: accessTokenVerifier({ issuer: issuer.issuer, clientId: CLIENT_ID, groupsClaim: 'cognito:groups', jwksUrl: 'http://127.0.0.1:1/jwks' }), operatorGroup: 'operators' },
    });
    const previous = authenticate;
    authenticate = cold;
    try {
      const response = await api.call({ path: '/api/messages', headers: bearer(await operator()) });
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toMatchObject({ detail: expect.stringContaining('signing keys could not be fetched') as unknown });
    } finally {
      authenticate = previous;
    }
  });
});

describe('GET /api/auth/config', () => {
  it('tells the console, without credentials, where and how to sign in', async () => {
    const response = await api.call({ path: '/api/auth/config' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      issuer: 'http://127.0.0.1:1/pool-1',
      discovery_url: 'http://127.0.0.1:1/pool-1/.well-known/openid-configuration',
      client_id: CLIENT_ID,
      scopes: ['openid', 'email'],
    });
  });
});

describe('GET /api/auth/me', () => {
  it('tells the console who calls and whether they may operate', async () => {
    const asOperator = await api.call({ path: '/api/auth/me', headers: bearer(await operator()) });
    const asReader = await api.call({ path: '/api/auth/me', headers: bearer(await reader()) });
    const asMachine = await api.call({ path: '/api/auth/me', headers: bearer(API_TOKEN) });

    expect(asOperator).toMatchObject({ status: 200, body: { id: '8f1c2d3e-user-ada', name: 'ada@example.com', role: 'operator' } });
    expect(asReader).toMatchObject({ status: 200, body: { id: 'user-grace', name: 'grace@example.com', role: 'reader' } });
    expect(asMachine).toMatchObject({ status: 200, body: { id: 'api', role: 'operator' } });
  });

  it('is a 401 without credentials', async () => {
    expect((await api.call({ path: '/api/auth/me' })).status).toBe(401);
  });
});

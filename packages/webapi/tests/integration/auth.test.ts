import { describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lazySecret, type SecretStore } from '@rez-agent/core';
import { apiGatewayEvent } from '@rez-agent/testing';
import { API_TOKEN_PRINCIPAL, bearerAuthenticator } from '../../src/http/auth';
import { API_TOKEN, useWebApi } from '../helpers/webapi';

const api = useWebApi();

describe('bearer token auth', () => {
  it.each<{ name: string; headers: Record<string, string>; challenge: string }>([
    { name: 'no Authorization header', headers: {}, challenge: 'Bearer realm="rez-agent"' },
    { name: 'the Basic scheme', headers: { authorization: `Basic ${Buffer.from(`api:${API_TOKEN}`).toString('base64')}` }, challenge: 'Bearer realm="rez-agent"' },
    { name: 'Bearer with no token', headers: { authorization: 'Bearer ' }, challenge: 'Bearer realm="rez-agent"' },
    { name: 'a wrong token', headers: { authorization: 'Bearer not-the-token' }, challenge: 'Bearer realm="rez-agent", error="invalid_token"' },
    { name: 'the token with a suffix', headers: { authorization: `Bearer ${API_TOKEN}x` }, challenge: 'Bearer realm="rez-agent", error="invalid_token"' },
    { name: 'a prefix of the token', headers: { authorization: `Bearer ${API_TOKEN.slice(0, -1)}` }, challenge: 'Bearer realm="rez-agent", error="invalid_token"' },
  ])('$name → 401 problem with WWW-Authenticate', async ({ headers, challenge }) => {
    const response = await api.call({ path: '/api/metrics', headers });

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['www-authenticate']).toBe(challenge);
    expect(response.body).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
  });

  it('lets the right token in, whatever the scheme casing', async () => {
    expect((await api.call({ path: '/api/metrics', headers: { authorization: `Bearer ${API_TOKEN}` } })).status).toBe(200);
    expect((await api.call({ path: '/api/metrics', headers: { Authorization: `bearer ${API_TOKEN}` } })).status).toBe(200);
  });

  it.each([
    { method: 'GET', path: '/api/messages' },
    { method: 'POST', path: '/api/messages' },
    { method: 'GET', path: '/api/messages/01KBZ0000000000000000000A1' },
    { method: 'POST', path: '/api/messages/01KBZ0000000000000000000A1/retry' },
    { method: 'GET', path: '/api/metrics' },
  ])('$method $path needs the token', async ({ method, path }) => {
    expect((await api.call({ method, path, body: { payload: 'x' } })).status).toBe(401);
  });

  it('refuses a create before looking at it: nothing is stored or published', async () => {
    const before = (await api.repository.metrics()).total;
    const response = await api.call({ method: 'POST', path: '/api/messages', body: { payload: 'sneaky' } });
    expect(response.status).toBe(401);
    expect((await api.repository.metrics()).total).toBe(before);
    expect(await api.published()).toEqual([]);
  });

  it('never writes the token to the logs', async () => {
    await api.call({ path: '/api/metrics', headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(JSON.stringify(api.logs)).not.toContain(API_TOKEN);
  });
});

describe('the token from SSM', () => {
  function countingStore(value: string): SecretStore & { reads: number } {
    const store = {
      reads: 0,
      get(name: string) {
        store.reads += 1;
        return name === '/rez-agent/dev/api-token' ? Promise.resolve(value) : Promise.reject(new Error(`ParameterNotFound: ${name}`));
      },
    };
    return store;
  }
  const event = (token: string): APIGatewayProxyEventV2 => apiGatewayEvent({ path: '/api/metrics', headers: { authorization: `Bearer ${token}` } });

  it('is read once, on first use, and reused', async () => {
    const store = countingStore('ssm-token-0123456789');
    const authenticate = bearerAuthenticator({ apiToken: lazySecret({ parameterName: '/rez-agent/dev/api-token', store }) });
    expect(store.reads).toBe(0);

    await expect(authenticate(event('ssm-token-0123456789'))).resolves.toEqual(API_TOKEN_PRINCIPAL);
    await expect(authenticate(event('wrong'))).rejects.toMatchObject({ statusCode: 401 });
    await expect(authenticate(event('ssm-token-0123456789'))).resolves.toEqual(API_TOKEN_PRINCIPAL);
    expect(store.reads).toBe(1);
  });

  it('fails closed (not a 401 anyone could pass) when no token is configured', async () => {
    const authenticate = bearerAuthenticator({ apiToken: lazySecret({}) });
    await expect(authenticate(event('anything'))).rejects.toThrow('no API token is configured');
  });
});

import { describe, expect, it } from '@jest/globals';
import { CorsPolicy, makeHandler } from '../../src/index';
import { ALLOWED_ORIGIN, invoke, useWebApi } from '../helpers/webapi';

const api = useWebApi();

const preflight = (origin: string, path = '/api/messages', method = 'POST') => ({
  method: 'OPTIONS',
  path,
  headers: {
    origin,
    'access-control-request-method': method,
    'access-control-request-headers': 'authorization,content-type,idempotency-key',
  },
});

describe('CORS preflight', () => {
  it('answers 204 for an allowed origin with methods, headers, max-age and Vary, without a token', async () => {
    const response = await api.call(preflight(ALLOWED_ORIGIN));

    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED_ORIGIN,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, X-Correlation-Id',
      'access-control-max-age': '7200',
      vary: 'Origin',
      allow: 'GET, POST, OPTIONS',
    });
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('lists only the methods of the path asked about', async () => {
    const response = await api.call(preflight(ALLOWED_ORIGIN, '/api/messages/01KBZ0000000000000000000A1/retry'));
    expect(response.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
  });

  it('gives a disallowed origin no CORS headers at all', async () => {
    const response = await api.call(preflight('https://evil.example.net'));

    expect(response.status).toBe(204);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('answers 404 for a preflight to an unknown path', async () => {
    expect((await api.call(preflight(ALLOWED_ORIGIN, '/api/unknown'))).status).toBe(404);
  });
});

describe('CORS on ordinary responses', () => {
  it('echoes an allowed origin, exposes X-Request-Id and varies on Origin', async () => {
    const response = await api.call({ path: '/api/health', headers: { origin: ALLOWED_ORIGIN } });
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(response.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(response.headers.vary).toBe('Origin');
  });

  it('also on errors, so a browser can read the problem', async () => {
    const response = await api.call({ path: '/api/metrics', headers: { origin: ALLOWED_ORIGIN } });
    expect(response.status).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('sends no CORS headers to a disallowed origin or without one', async () => {
    for (const headers of [{ origin: 'https://app.example.com.evil.net' }, {}]) {
      const response = await api.call({ path: '/api/health', headers });
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('answers a configured wildcard with * and never with credentials', async () => {
    const handler = makeHandler({ ...api.deps, cors: new CorsPolicy(['*']) });
    const response = await invoke(handler, { path: '/api/health', headers: { origin: 'https://anywhere.example' } });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

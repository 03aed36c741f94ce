import { describe, expect, it } from '@jest/globals';
import { useWebApi } from '../helpers/webapi';

const api = useWebApi();

describe('GET /api/health', () => {
  it('answers without a token with status, timestamp and stage', async () => {
    const before = Date.now();
    const response = await api.call({ path: '/api/health' });

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.body as { status: string; timestamp: string; stage: string };
    expect(body).toEqual({ status: 'healthy', timestamp: expect.any(String), stage: 'dev' });
    expect(Date.parse(body.timestamp)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('is found under a named API Gateway stage and with a trailing slash', async () => {
    expect((await api.call({ path: '/api/health/', stage: 'v1' })).status).toBe(200);
  });
});

describe('routing errors', () => {
  it.each(['/api/nope', '/', '/api', '/api/messages/01J0000000000000000000000/retry/again', '/api/metrics/x'])(
    'an unknown path %s is a 404 problem',
    async (path) => {
      const response = await api.callAuthed({ path });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
    },
  );

  it.each([
    { method: 'DELETE', path: '/api/messages', allow: 'GET, POST, OPTIONS' },
    { method: 'PUT', path: '/api/messages/01KBZ0000000000000000000A1', allow: 'GET, OPTIONS' },
    { method: 'GET', path: '/api/messages/01KBZ0000000000000000000A1/retry', allow: 'POST, OPTIONS' },
    { method: 'POST', path: '/api/health', allow: 'GET, OPTIONS' },
    { method: 'PATCH', path: '/api/metrics', allow: 'GET, OPTIONS' },
  ])('$method $path is a 405 with Allow: $allow', async ({ method, path, allow }) => {
    const response = await api.callAuthed({ method, path });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body).toMatchObject({ title: 'Method Not Allowed', status: 405 });
  });

  it('answers 405 before asking for a token', async () => {
    expect((await api.call({ method: 'DELETE', path: '/api/messages' })).status).toBe(405);
  });
});

describe('request ids', () => {
  it.each([
    { name: 'a success', request: { path: '/api/health' } },
    { name: 'a 404', request: { path: '/nowhere' } },
    { name: 'a 401', request: { path: '/api/metrics' } },
  ])('every response carries X-Request-Id: $name', async ({ request }) => {
    const response = await api.call({ ...request, requestId: 'Req1dAbCdEfGhI=' });
    expect(response.headers['x-request-id']).toBe('Req1dAbCdEfGhI=');
  });

  it('logs one REQUEST_COMPLETED line with request id, correlation id, method, route, status and duration', async () => {
    await api.callAuthed({
      path: '/api/messages/01KBZ0000000000000000000A1',
      requestId: 'LogLine1234567=',
      headers: { 'x-correlation-id': 'trace-99' },
    });

    const lines = api.logs.filter((line) => line.request_id === 'LogLine1234567=');
    const completed = lines.filter((line) => line.code === 'REQUEST_COMPLETED');
    expect(completed).toEqual([
      expect.objectContaining({
        correlation_id: 'trace-99',
        method: 'GET',
        route: '/api/messages/{id}',
        status: 404,
        duration_ms: expect.any(Number),
        function: 'webapi',
      }),
    ]);
  });
});

import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { corsDefinition, createLogger } from '@rez-agent/core';
import { startHttpGateway, MAX_BODY_BYTES, type HttpGateway } from '../../src/http-gateway';
import type { LambdaFunction } from '../../src/lambda-function';
import { bearerTokenCheck } from '../../src/request-guard';

const TOKEN = 'gateway-test-token';
const AUTH: [string, string] = ['Authorization', `Bearer ${TOKEN}`];

// The gateway in front of a stand-in function that records each event and answers as told.
const events: APIGatewayProxyEventV2[] = [];
let answer: () => Promise<unknown> = () => Promise.resolve({ statusCode: 204 });
const target: LambdaFunction = {
  name: 'recorder',
  invoke: (event) => {
    events.push(event as APIGatewayProxyEventV2);
    return answer();
  },
};
let gateway: HttpGateway;
const ALLOWED_ORIGIN = 'https://app.example.com';
const cors = corsDefinition([ALLOWED_ORIGIN]);

beforeAll(async () => {
  gateway = await startHttpGateway({
    port: 0,
    target,
    logger: createLogger({ functionName: 'local', stage: 'dev', level: 'silent' }),
    cors,
    authorize: bearerTokenCheck(TOKEN),
    local: (method, path) => Promise.resolve(path.startsWith('/_local/ping') ? { status: 200, body: { pong: method } } : undefined),
  });
});
afterAll(() => gateway.close(1000));
beforeEach(() => {
  events.length = 0;
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Whether the server said 100 Continue. */
  continued: boolean;
}

/**
 * node:http rather than fetch: repeated headers, cookies and Host go on the wire as written.
 * With `expectContinue` the body is held back until the server says 100 Continue.
 */
function send(path: string, options: { method?: string; headers?: [string, string][]; body?: Buffer; host?: string; expectContinue?: boolean; chunked?: boolean }) {
  return new Promise<Sent>((resolve, reject) => {
    // Raw header lists get no automatic Host header; HTTP/1.1 requires one.
    const headers = [['Host', options.host ?? new URL(gateway.url).host], ...(options.expectContinue ? [['Expect', '100-continue']] : []), ...(options.headers ?? [])];
    if (options.body) headers.push(options.chunked ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(options.body.length)]);
    let continued = false;
    const req = request(`${gateway.url}${path}`, { method: options.method ?? 'GET', headers: headers.flat() }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), continued }));
    });
    // A refused upload may see its socket closed while it still writes: the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (options.expectContinue) {
      req.on('continue', () => {
        continued = true;
        req.end(options.body);
      });
      req.flushHeaders();
    } else {
      req.end(options.body);
    }
  });
}

const problemOf = (response: Sent) => ({
  status: response.status,
  type: response.headers['content-type'],
  body: JSON.parse(response.body.toString()) as { status: number; errors: { field: string }[] },
});

describe('request → API Gateway HTTP API v2 event', () => {
  test('carries path, query, cookies, lower-cased comma-joined headers and a text body as API Gateway does', async () => {
    await send('/api/messages?a=1&a=2&b=x%20y', {
      method: 'POST',
      headers: [
        AUTH,
        ['Content-Type', 'application/json'],
        ['X-Multi', 'one'],
        ['X-Multi', 'two'],
        ['Cookie', 'c1=v1; c2=v2'],
        ['User-Agent', 'jest'],
      ],
      body: Buffer.from('{"payload":"hi"}'),
    });

    const [event] = events;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/messages',
      rawQueryString: 'a=1&a=2&b=x%20y',
      queryStringParameters: { a: '1,2', b: 'x y' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"payload":"hi"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/api/messages', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
        stage: '$default',
        routeKey: '$default',
      },
    });
    expect(event?.headers).toMatchObject({ 'content-type': 'application/json', 'x-multi': 'one,two' });
    expect(event?.headers.cookie).toBeUndefined();
    expect(event?.requestContext.requestId).toMatch(/^\S+=$/);
    expect(event?.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  test('a binary body arrives base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);

    await send('/upload', { method: 'PUT', headers: [AUTH, ['Content-Type', 'application/octet-stream']], body: bytes });

    expect(events[0]).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    expect(events[0]?.queryStringParameters).toBeUndefined();
  });

  test('a body over what the API accepts gets a 413 problem before it is read, and never reaches the function', async () => {
    const response = await send('/api/messages', { method: 'POST', headers: [AUTH, ['Content-Type', 'application/json']], body: Buffer.alloc(MAX_BODY_BYTES + 1, 'a'), expectContinue: true });

    expect(problemOf(response)).toMatchObject({ status: 413, type: 'application/problem+json', body: { status: 413, errors: [{ field: 'body' }] } });
    expect(response.continued).toBe(false);
    expect(events).toHaveLength(0);
  });

  test('a chunked body that grows past the limit gets 413 and never reaches the function', async () => {
    const response = await send('/api/messages', { method: 'POST', headers: [AUTH, ['Content-Type', 'application/json']], body: Buffer.alloc(MAX_BODY_BYTES + 1, 'a'), chunked: true });

    expect(problemOf(response)).toMatchObject({ status: 413, body: { errors: [{ field: 'body' }] } });
    expect(events).toHaveLength(0);
  });

  test.each([
    ['no token', []],
    ['a wrong token', [['Authorization', 'Bearer not-the-token']]],
  ] as [string, [string, string][]][])('a body with %s gets 401 before the client may send it (Expect: 100-continue)', async (_what, headers) => {
    const response = await send('/api/messages', { method: 'POST', headers: [...headers, ['Content-Type', 'application/json']], body: Buffer.from('{"payload":"x"}'), expectContinue: true });

    expect(problemOf(response)).toMatchObject({ status: 401, body: { errors: [{ field: 'authorization' }] } });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(response.continued).toBe(false);
    expect(events).toHaveLength(0);
  });

  test('a body with the token is let through after 100 Continue', async () => {
    const response = await send('/api/messages', { method: 'POST', headers: [AUTH, ['Content-Type', 'application/json']], body: Buffer.from('{"payload":"x"}'), expectContinue: true });

    expect(response.continued).toBe(true);
    expect(response.status).toBe(204);
    expect(events[0]?.body).toBe('{"payload":"x"}');
  });

  test('a text body that is not valid UTF-8 gets a 400 problem and never reaches the function', async () => {
    const response = await send('/api/messages', { method: 'POST', headers: [AUTH, ['Content-Type', 'application/json']], body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) });

    expect(problemOf(response)).toMatchObject({ status: 400, body: { errors: [{ field: 'body' }] } });
    expect(events).toHaveLength(0);
  });

  test.each(['evil.example', 'evil.example:80', '127.0.0.1.nip.io', '192.168.1.10'])('Host "%s" (DNS rebinding) gets 421 on every path and reaches nothing', async (host) => {
    const api = await send('/api/messages', { host, headers: [AUTH] });
    const local = await send('/_local/ping', { host });

    for (const response of [api, local]) expect(problemOf(response)).toMatchObject({ status: 421, body: { errors: [{ field: 'host' }] } });
    expect(events).toHaveLength(0);
  });

  test.each(['127.0.0.1', 'localhost', 'LOCALHOST'])('Host "%s" with the sandbox port is served', async (name) => {
    const response = await send('/_local/ping', { host: `${name}:${new URL(gateway.url).port}` });

    expect(response.status).toBe(200);
  });

  test.each([
    ['a cross-site Origin', [['Origin', 'https://evil.example']], 'origin'],
    ['Origin null (a sandboxed page or a redirect)', [['Origin', 'null']], 'origin'],
    ['Sec-Fetch-Site: cross-site', [['Sec-Fetch-Site', 'cross-site']], 'sec-fetch-site'],
    ['Sec-Fetch-Site: same-site (another port of this machine)', [['Sec-Fetch-Site', 'same-site']], 'sec-fetch-site'],
  ] as [string, [string, string][], string][])('a /_local write with %s gets 403', async (_what, headers, field) => {
    const response = await send('/_local/ping/trigger', { method: 'POST', headers });

    expect(problemOf(response)).toMatchObject({ status: 403, body: { errors: [{ field }] } });
  });

  test.each([
    ['no browser headers (curl)', []],
    ['its own origin', [['Origin', 'ORIGIN'], ['Sec-Fetch-Site', 'same-origin']]],
  ] as [string, [string, string][]][])('a /_local write with %s is served', async (_what, headers) => {
    const response = await send('/_local/ping/trigger', { method: 'POST', headers: headers.map(([name, value]) => [name, value.replace('ORIGIN', gateway.url)]) });

    expect(response.status).toBe(200);
  });

  test('a cross-site /_local read is served: the Host check already keeps other sites out', async () => {
    const response = await send('/_local/ping', { headers: [['Sec-Fetch-Site', 'cross-site']] });

    expect(response.status).toBe(200);
  });

  test('/_local routes are answered by the sandbox, not the function', async () => {
    const response = await send('/_local/ping', {});

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ pong: 'GET' });
    expect(events).toHaveLength(0);
  });
});

describe('function result → HTTP response', () => {
  test('writes status, headers, multi-value headers, cookies as Set-Cookie and a decoded base64 body', async () => {
    answer = () =>
      Promise.resolve({
        statusCode: 201,
        headers: { 'content-type': 'image/png', 'x-one': 'a' },
        multiValueHeaders: { 'x-many': ['b', 'c'] },
        cookies: ['s=1; HttpOnly', 't=2'],
        body: Buffer.from([137, 80, 78, 71]).toString('base64'),
        isBase64Encoded: true,
      });

    const response = await send('/img', {});

    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({ 'content-type': 'image/png', 'x-one': 'a', 'x-many': 'b, c', 'set-cookie': ['s=1; HttpOnly', 't=2'] });
    expect(response.headers['apigw-requestid']).toBe(events[0]?.requestContext.requestId);
    expect([...response.body]).toEqual([137, 80, 78, 71]);
  });

  test('a result without statusCode is a 200 JSON body, as API Gateway infers it', async () => {
    answer = () => Promise.resolve({ hello: 'world' });

    const response = await send('/x', {});

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body.toString())).toEqual({ hello: 'world' });
  });

  test('a function that throws gets API Gateway\'s 500 with no internals', async () => {
    answer = () => Promise.reject(new Error('secret internals'));

    const response = await send('/x', {});

    expect(response.status).toBe(500);
    expect(JSON.parse(response.body.toString())).toEqual({ message: 'Internal Server Error' });
  });
});

describe('CORS, as API Gateway applies core’s definition', () => {
  const preflight = (origin: string): [string, string][] => [
    ['Origin', origin],
    ['Access-Control-Request-Method', 'POST'],
    ['Access-Control-Request-Headers', 'authorization,content-type'],
  ];

  test('answers a preflight from an allowed origin itself, per the definition, without invoking the function', async () => {
    const response = await send('/api/messages', { method: 'OPTIONS', headers: preflight(ALLOWED_ORIGIN) });

    expect(events).toHaveLength(0);
    expect(response.status).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED_ORIGIN,
      'access-control-allow-methods': cors.allowMethods.join(', '),
      'access-control-allow-headers': cors.allowHeaders.join(', '),
      'access-control-max-age': String(cors.maxAgeSeconds),
    });
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  test('gives a preflight from another origin no CORS permission', async () => {
    const response = await send('/api/messages', { method: 'OPTIONS', headers: preflight('https://evil.example.net') });

    expect(response.status).toBe(204);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  test('adds the allowed origin and the exposed headers to an actual response, replacing any the function set', async () => {
    answer = () => Promise.resolve({ statusCode: 201, headers: { Location: '/api/messages/1', 'Access-Control-Allow-Origin': '*' }, body: '{}' });
    const response = await send('/api/messages', { method: 'POST', headers: [AUTH, ['Origin', ALLOWED_ORIGIN]], body: Buffer.from('{}') });

    expect(events).toHaveLength(1);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED_ORIGIN,
      'access-control-expose-headers': 'Location, Retry-After, WWW-Authenticate, X-Request-Id, X-Correlation-Id',
      vary: 'Origin',
      location: '/api/messages/1',
    });
  });

  test('lets an allowed origin read a refusal of the gateway (here a 401 for a body without a token)', async () => {
    const response = await send('/api/messages', { method: 'POST', headers: [['Origin', ALLOWED_ORIGIN], ['Content-Type', 'application/json']], body: Buffer.from('{}') });

    expect(response.status).toBe(401);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(events).toHaveLength(0);
  });

  test('sends no CORS permission to a request from another origin or without one', async () => {
    answer = () => Promise.resolve({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' });
    for (const headers of [[['Origin', 'https://app.example.com.evil.net']] as [string, string][], []]) {
      const response = await send('/api/health', { headers });
      expect(response.status).toBe(200);
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

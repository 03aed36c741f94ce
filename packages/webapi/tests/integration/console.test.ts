import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { apiGatewayEvent } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useWebApi } from '../helpers/webapi';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example';

const api = useWebApi({
  signIn: { issuer: ISSUER, clientId: 'console-client', scopes: ['openid', 'email'] },
});

async function get(path: string, requestHeaders: Record<string, string> = {}) {
  const result = await api.handler(apiGatewayEvent({ method: 'GET', path, headers: requestHeaders }));
  const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { status: result.statusCode, headers, body: result.body ?? '', base64: result.isBase64Encoded };
}

/** `script-src 'self'` → { 'script-src': ["'self'"] }. */
const directives = (policy: string) => Object.fromEntries(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));

describe('the console served by the webapi', () => {
  it.each(['/console', '/console/'])('answers %s with the page, no token needed, revalidated on every load', async (path) => {
    const page = await get(path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toMatch(/<script type="module" src="\/console\/main-[A-Z0-9]{8}\.js">/);
  });

  it('sends a strict Content-Security-Policy: own files only, no inline code, no framing, the issuer to talk to', async () => {
    const page = await get('/console/');
    const policy = directives(page.headers['content-security-policy'] ?? '');
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['connect-src']).toEqual(["'self'", 'https://cognito-idp.eu-west-1.amazonaws.com', 'https://*.auth.eu-west-1.amazoncognito.com']);
    expect(page.headers['content-security-policy']).not.toContain('unsafe');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('serves the assets the page names under their hashed names, cached for good', async () => {
    const page = await get('/console/');
    const named = [...page.body.matchAll(/(?:src|href)="(\/console\/[^"]+)"/g)].map((match) => match[1] ?? '');
    expect(named).toHaveLength(2);
    for (const path of named) {
      const asset = await get(path);
      expect(asset.status).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-type']).toMatch(path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(asset.headers['content-security-policy']).toContain("default-src 'self'");
      expect(asset.body.length).toBeGreaterThan(100);
    }
  });

  it('gzips a file for a client that takes gzip (API Gateway does not), and only then', async () => {
    const page = await get('/console/');
    const script = /src="(\/console\/[^"]+\.js)"/.exec(page.body)?.[1] ?? '';
    const plain = await get(script);
    const gzipped = await get(script, { 'accept-encoding': 'gzip, deflate, br, zstd' });

    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.base64).toBe(true);
    expect(gunzipSync(Buffer.from(gzipped.body, 'base64')).toString('utf8')).toBe(plain.body);
    expect(Buffer.from(gzipped.body, 'base64').length).toBeLessThan(plain.body.length / 2);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.base64).toBe(false);
    expect((await get(script, { 'accept-encoding': 'br, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    for (const answer of [plain, gzipped]) expect(answer.headers.vary).toBe('Accept-Encoding');
  });

  it.each(['/console/main-00000000.js', '/console/..%2Fpackage.json', '/console/index.html.map'])('answers %s, which is not a console file, with a 404 problem', async (path) => {
    const missing = await get(path);
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('application/problem+json');
    expect(missing.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('names any other issuer’s origin alone in connect-src (the sandbox’s provider)', async () => {
    const handler = makeHandler({ ...api.deps, signIn: { issuer: 'http://127.0.0.1:41234', clientId: 'local', scopes: ['openid'] } });
    const page = await handler(apiGatewayEvent({ method: 'GET', path: '/console' }));
    expect(directives(String(page.headers?.['Content-Security-Policy']))['connect-src']).toEqual(["'self'", 'http://127.0.0.1:41234']);
  });
});

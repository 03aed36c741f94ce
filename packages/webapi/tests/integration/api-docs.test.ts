import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { apiGatewayEvent } from '@rez-agent/testing';
import { apiDocsFrom } from '../../src/http/api-docs';
import { makeHandler } from '../../src/make-handler';
import { useWebApi } from '../helpers/webapi';

const api = useWebApi();
const committed = readFileSync(createRequire(import.meta.url).resolve('@rez-agent/core/openapi.json'), 'utf8');

/** The raw answer: /docs is HTML, not JSON. */
const get = async (path: string) => {
  const raw = await api.handler(apiGatewayEvent({ path }));
  const headers = Object.fromEntries(Object.entries(raw.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { status: raw.statusCode, headers, body: raw.body ?? '' };
};

/** What a browser would fetch on its own for the page: script/link/img/iframe sources and CSS url()s off this origin. */
function externalLoads(html: string): string[] {
  const attributes = [...html.matchAll(/<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*\s(?:src|href|data)\s*=\s*["']?([^"'\s>]+)/gi)].map((match) => match[1] ?? '');
  const cssUrls = [...html.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi)].map((match) => match[1] ?? '');
  const imports = [...html.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/gi)].map((match) => match[1] ?? '');
  return [...attributes, ...cssUrls, ...imports].filter((url) => /^(?:https?:)?\/\//i.test(url));
}

describe('the API contract, served', () => {
  it('GET /api/openapi.json: the committed document, without a token', async () => {
    const response = await get('/api/openapi.json');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(JSON.parse(response.body)).toEqual(JSON.parse(committed));
  });

  it('GET /docs: the page rendered from it, loading nothing from elsewhere', async () => {
    const response = await get('/docs');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<title>rez-agent API</title>');
    expect(response.body).toContain('getMessage');
    expect(externalLoads(response.body)).toEqual([]);
  });

  it('GET /docs: a Content-Security-Policy that lets exactly its inline scripts run, and nothing load', async () => {
    const response = await get('/docs');
    const csp = response.headers['content-security-policy'] ?? '';
    const directives = Object.fromEntries(csp.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
    const inlineScripts = [...response.body.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
      (match) => `'sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}'`,
    );

    expect(directives['default-src']).toEqual(["'none'"]);
    expect(inlineScripts.length).toBeGreaterThan(0);
    expect(directives['script-src']?.sort()).toEqual([...inlineScripts].sort());
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    for (const values of Object.values(directives)) expect(values.join(' ')).not.toMatch(/https?:|\*/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('reads the files on the first request that needs them, not at start: a missing one fails only its route', async () => {
    const handler = makeHandler({ ...api.deps, apiDocs: apiDocsFrom(new URL('file:///nonexistent/api-docs/')) });

    const [health, docs] = await Promise.all([handler(apiGatewayEvent({ path: '/api/health' })), handler(apiGatewayEvent({ path: '/docs' }))]);

    expect(health.statusCode).toBe(200);
    expect(docs.statusCode).toBe(500);
  });
});

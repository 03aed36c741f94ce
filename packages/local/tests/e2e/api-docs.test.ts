import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { waitFor } from '../helpers/wait';

// The deployed bundle finds its contract files beside itself (dist/api-docs/): this is where
// that is proved, since the webapi's own tests run its sources.
let sandbox: SandboxProcess;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
});

afterAll(async () => {
  await killAllSandboxes();
});

describe('the API contract in the sandbox', () => {
  test('the banner names the docs page, and the page is served from the bundle with its CSP', async () => {
    const docsUrl = await waitFor('the banner', () => /API docs +(\S+)/.exec(sandbox.output())?.[1], 10_000, 50);
    expect(docsUrl).toBe(`${sandbox.url}/docs`);

    const page = await fetch(docsUrl);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(await page.text()).toContain('<title>rez-agent API</title>');
  });

  test('GET /api/openapi.json is the committed document', async () => {
    const committed = readFileSync(createRequire(import.meta.url).resolve('@rez-agent/core/openapi.json'), 'utf8');

    const response = await sandbox.api('GET', '/api/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(committed));
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { launchBrowser, step, type TestBrowser } from '../helpers/browser';
import { openMessageId, openPage, signIn, SETTLE_MS, waitForStatus } from '../helpers/console';
import { startSandbox, type Sandbox } from '../helpers/sandbox';

const XSS = '<img src=x onerror=alert(1)>';

let ntfy: NtfyServer;
let sandbox: Sandbox;
let browser: TestBrowser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  ntfy = await startNtfyServer();
  sandbox = await startSandbox({ NTFY_URL: ntfy.url('console') });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  await ntfy?.close();
});

/** Fills the create form (now) and submits it; resolves on the new message's page. */
async function createInForm(fields: { payload: string; title?: string; tags?: string; priority?: string; delay?: string }): Promise<string> {
  await openPage(page, sandbox, '#/new');
  await page.getByLabel('Message (payload)').fill(fields.payload);
  if (fields.title) await page.getByLabel('Title').fill(fields.title);
  if (fields.tags) await page.getByLabel('Tags').fill(fields.tags);
  if (fields.priority) await page.getByLabel('Priority').selectOption(fields.priority);
  if (fields.delay) {
    await page.getByLabel('after a delay').check();
    await page.getByRole('textbox', { name: 'Delay' }).fill(fields.delay);
  }
  await page.getByRole('button', { name: 'Create message' }).click();
  await page.waitForURL(/#\/messages\/[0-9A-Z]{26}$/);
  return openMessageId(page);
}

describe('the console, signed in as an operator', () => {
  it('signs in with code + PKCE and keeps the token in sessionStorage only', async () => {
    await step(page, 'sign-in', () => signIn(page, sandbox, 'operator'));
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('rez-agent.session'))).toContain('accessToken');
  });

  it('creates a message with the form and shows it reach completed, with its timeline and attempt', async () => {
    const id = await createInForm({ payload: 'backup finished', title: 'nightly', tags: 'backup, ok', priority: '4' });
    await step(page, 'message-detail', async () => {
      await waitForStatus(page, 'completed');
      await page.locator('.timeline [data-step="completed"]').waitFor();
      await page.locator('table.attempts tr[data-outcome="delivered"]').waitFor();
    });
    expect(await page.locator('[data-field="id"] dd').textContent()).toBe(id);
    expect(await page.locator('[data-field="tags"] dd').textContent()).toBe('backup, ok');
    expect(await page.locator('[data-field="priority"] dd').textContent()).toBe('4');
    const [sent] = ntfy.requests.filter((request) => request.body === 'backup finished');
    expect(sent?.headers['x-sequence-id']).toBe(id);
  });

  it('shows the API’s validation errors on the fields they name, and stores nothing', async () => {
    const before = await sandbox.api<{ count: number }>('GET', '/api/messages');
    await openPage(page, sandbox, '#/new');
    await page.getByLabel('Message (payload)').fill('has a bad link');
    await page.getByLabel('Click URL').fill('ftp://example.com/file');
    await page.getByLabel('Tags').fill('a, b');
    await step(page, 'create-errors', async () => {
      await page.getByRole('button', { name: 'Create message' }).click();
      await page.locator('#message-click-error').waitFor();
    });
    expect(await page.getByLabel('Click URL').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Message (payload)').getAttribute('aria-invalid')).toBe('false');
    expect((await sandbox.api<{ count: number }>('GET', '/api/messages')).body.count).toBe(before.body.count);
  });

  it('shows a message’s markup as text, never as markup', async () => {
    await createInForm({ payload: XSS, title: XSS });
    await waitForStatus(page, 'completed');
    expect(await page.locator('[data-field="payload"] dd').textContent()).toBe(XSS);
    await openPage(page, sandbox, '#/messages');
    await step(page, 'messages', () => page.locator('td.payload', { hasText: XSS }).first().waitFor());
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('retries a failed message until it is completed', async () => {
    ntfy.respondByDefault(ntfyAnswers.badRequest());
    await createInForm({ payload: 'ntfy refuses this one at first' });
    await waitForStatus(page, 'failed');
    ntfy.respondByDefault(ntfyAnswers.ok());
    await step(page, 'message-failed', () => page.getByRole('button', { name: 'Retry' }).waitFor());
    await page.getByRole('button', { name: 'Retry' }).click();
    await waitForStatus(page, 'completed');
    await page.locator('table.attempts tr[data-outcome="delivered"]').waitFor({ timeout: SETTLE_MS });
    expect(await page.locator('table.attempts tr[data-outcome="permanent"]').count()).toBe(1);
  });

  it('cancels a message scheduled for later', async () => {
    await createInForm({ payload: 'in an hour', delay: '1h' });
    await waitForStatus(page, 'scheduled');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await step(page, 'message-cancelled', () => waitForStatus(page, 'cancelled'));
    expect(await page.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('filters the list by status and type, newest first, and pages with the cursor', async () => {
    for (let n = 0; n < 26; n += 1) expect((await sandbox.api('POST', '/api/messages', { payload: `bulk ${n}`, message_type: 'hello_world' })).status).toBe(201);
    await openPage(page, sandbox, '#/messages');
    // The list says it is busy until the answer for the new filters is shown.
    const listed = page.locator('section[aria-labelledby="messages-title"][aria-busy="false"]');
    await page.getByLabel('Status').selectOption('cancelled');
    await listed.waitFor();
    expect(await page.locator('tbody [data-status]').allTextContents()).toEqual(['cancelled']);

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Type').selectOption('hello_world');
    await listed.waitFor();
    const first = await page.locator('td.payload').allTextContents();
    expect(first).toHaveLength(25);
    expect(first[0]).toBe('bulk 25');
    expect(first.every((payload) => payload.startsWith('bulk '))).toBe(true);
    await page.getByRole('link', { name: 'Older →' }).click();
    await page.locator('td.payload', { hasText: 'bulk 0' }).waitFor();
    await listed.waitFor();
    expect(await page.locator('td.payload').allTextContents()).toEqual(['bulk 0']);
    await page.getByRole('link', { name: '← Newer' }).click();
    await page.locator('td.payload', { hasText: 'bulk 25' }).waitFor();
  });

  it('draws the counts by status and type as charts, refreshed as the metrics settle', async () => {
    const completed = (await sandbox.api<{ count: number }>('GET', '/api/messages?status=completed&limit=1000')).body.count;
    expect(completed).toBeGreaterThanOrEqual(28);
    await openPage(page, sandbox, '#/metrics');
    const bar = (chart: string, label: string) => `svg[data-chart="${chart}"] [data-label="${label}"][data-count="${completed}"]`;
    // The metrics are counted off the table stream, exact within seconds: the page polls until they are.
    await step(page, 'metrics', () => page.locator(bar('by-status', 'completed')).waitFor({ timeout: SETTLE_MS }));
    expect(await page.locator('svg[data-chart="by-type"] [data-label="hello_world"]').getAttribute('data-count')).toBe('26');
    expect(await page.locator('svg[data-chart="by-status"] [data-label="cancelled"]').getAttribute('data-count')).toBe('1');
  });

  it('fits 375 px, is keyboard reachable and shows where the focus is', async () => {
    expect((await sandbox.api('POST', '/api/messages', { payload: 'a message with a fairly long text that has to wrap on a phone' })).status).toBe(201);
    // The same tab: sessionStorage, and so the sign-in, belongs to it.
    const narrow = page;
    await narrow.setViewportSize({ width: 375, height: 800 });
    await openPage(narrow, sandbox, '#/messages');
    await narrow.locator('tbody tr').first().waitFor();
    await step(narrow, 'messages-375px', async () => {
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    });
    await narrow.keyboard.press('Tab');
    expect(await narrow.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await narrow.keyboard.press('Tab');
    await narrow.keyboard.press('Tab');
    const focused = await narrow.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      return { text: element.textContent, outline: getComputedStyle(element).outlineStyle };
    });
    expect(focused.text).toBe('Schedules');
    expect(focused.outline).not.toBe('none');
    await narrow.keyboard.press('Enter');
    await narrow.locator('#schedules-title').waitFor();
    expect(await narrow.evaluate(() => document.activeElement?.id)).toBe('main');
    await narrow.setViewportSize({ width: 1280, height: 800 });
  });

  it('got the console gzipped, with its CSP, through the sandbox’s gateway', async () => {
    const page = await fetch(`${sandbox.url}/console/`, { headers: { 'accept-encoding': 'gzip' } });
    const script = /src="(\/console\/[^"]+\.js)"/.exec(await page.text())?.[1] ?? '';
    const asset = await fetch(`${sandbox.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await asset.text()).length).toBeGreaterThan(10_000);
  });

  it('broke no Content-Security-Policy rule and threw no error on any page', () => {
    expect(browser.problems).toEqual([]);
  });
});

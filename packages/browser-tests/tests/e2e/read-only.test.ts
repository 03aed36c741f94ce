import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser, step, type TestBrowser } from '../helpers/browser';
import { accessToken, openPage, signIn, SETTLE_MS } from '../helpers/console';
import { startSandbox, type Sandbox } from '../helpers/sandbox';

let sandbox: Sandbox;
let browser: TestBrowser;
let page: Page;
let messageId: string;

/** Controls that change something, by their accessible names. */
const WRITE_CONTROLS = /^(New message|New schedule|Retry|Cancel|Send again|Pause|Resume|Trigger|Edit|Delete|Create message)\b/;

beforeAll(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
  page = await browser.newPage();
  const created = await sandbox.api<{ id: string }>('POST', '/api/messages', { payload: 'made with the machine token' });
  messageId = created.body.id;
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** Every link and button on the page that would change something. */
async function writeControls(): Promise<string[]> {
  const names = await page.locator('main a, main button, header a, header button').allTextContents();
  return names.map((name) => name.trim()).filter((name) => WRITE_CONTROLS.test(name));
}

describe('the console, signed in as a read-only user', () => {
  it('signs in as the reader and says so', async () => {
    await step(page, 'reader-sign-in', () => signIn(page, sandbox, 'reader'));
    expect(await page.locator('.who').textContent()).toContain('read-only');
  });

  it('offers no write control on the messages, message, schedules and metrics pages', async () => {
    await openPage(page, sandbox, '#/messages');
    await page.locator(`tr[data-message-id="${messageId}"]`).waitFor();
    expect(await writeControls()).toEqual([]);

    await openPage(page, sandbox, `#/messages/${messageId}`);
    await step(page, 'reader-message-detail', () => page.locator('.status-line [data-status="completed"]').waitFor({ timeout: SETTLE_MS }));
    expect(await writeControls()).toEqual([]);

    await openPage(page, sandbox, '#/schedules');
    // The list, or the API's answer when it has no schedules route.
    await page.locator('table.schedules, main .empty, main .problem').first().waitFor();
    await step(page, 'reader-schedules', async () => expect(await writeControls()).toEqual([]));

    await openPage(page, sandbox, '#/metrics');
    expect(await writeControls()).toEqual([]);
  });

  it('shows no create form at its address, only why', async () => {
    await openPage(page, sandbox, '#/new').catch(() => undefined);
    await page.getByRole('alert').waitFor();
    expect(await page.locator('form').count()).toBe(0);
  });

  it('gets a 403 problem from the API when it forces a write with its own token', async () => {
    const token = await accessToken(page);
    const answers = await page.evaluate(async ([id, bearer]) => {
      const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
      const create = await fetch('/api/messages', { method: 'POST', headers, body: JSON.stringify({ payload: 'sneaky' }) });
      const cancel = await fetch(`/api/messages/${id}/cancel`, { method: 'POST', headers });
      return [
        { status: create.status, type: create.headers.get('content-type'), body: (await create.json()) as { status: number } },
        { status: cancel.status, type: cancel.headers.get('content-type'), body: (await cancel.json()) as { status: number } },
      ];
    }, [messageId, token] as const);
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.status).toBe(403);
    }
    expect((await sandbox.api<{ count: number }>('GET', '/api/messages')).body.count).toBe(1);
  });
});

describe('an expired sign-in', () => {
  it('is forgotten on the next load, which asks to sign in again', async () => {
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('rez-agent.session') ?? '{}') as { expiresAt: number };
      sessionStorage.setItem('rez-agent.session', JSON.stringify({ ...session, expiresAt: Date.now() - 1000 }));
    });
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('rez-agent.session'))).toBeNull();
    await signIn(page, sandbox, 'reader');
  });
});

describe('signing out', () => {
  it('forgets the token, ends the provider’s session and comes back signed out', async () => {
    await openPage(page, sandbox, '#/messages');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/');
    expect(await page.evaluate(() => sessionStorage.getItem('rez-agent.session'))).toBeNull();
    await step(page, 'signed-out', async () => expect(await page.locator('.who').count()).toBe(0));
  });
});

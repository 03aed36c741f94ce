import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser, step, type TestBrowser } from '../helpers/browser';
import { openPage, signIn, SETTLE_MS, waitForStatus } from '../helpers/console';
import { startSandbox, type Sandbox } from '../helpers/sandbox';

/** The schedule Pulumi.dev.yaml declares: the sandbox runs the dev stack's schedules. */
const STACK_SCHEDULE = 'daily-hello-world';
const NAME = 'console-check';

let sandbox: Sandbox;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, sandbox, 'operator');
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

const row = (name: string) => page.locator(`tr[data-schedule="${name}"]`);

describe('the schedules page, as an operator', () => {
  it('marks the stack’s schedules read-only: pause, resume and trigger, but no edit or delete', async () => {
    await openPage(page, sandbox, '#/schedules');
    await step(page, 'schedules', () => row(STACK_SCHEDULE).waitFor());
    expect(await row(STACK_SCHEDULE).locator('.badge-readonly').textContent()).toBe('stack (read-only)');
    expect(await row(STACK_SCHEDULE).getByRole('button').allTextContents()).toEqual(['Pause', 'Trigger']);
    expect(await row(STACK_SCHEDULE).getByRole('link', { name: /^Edit/ }).count()).toBe(0);
  });

  it('shows the API’s errors on the schedule’s fields', async () => {
    await openPage(page, sandbox, '#/schedules/new');
    await page.getByLabel('Name').fill(NAME);
    await page.getByLabel('Expression').fill('every day at nine');
    await page.getByLabel('Message (payload)').fill('from the console');
    await step(page, 'schedule-errors', async () => {
      await page.getByRole('button', { name: 'Create schedule' }).click();
      await page.locator('#schedule-expression-error').waitFor();
    });
    expect(await page.getByLabel('Expression').getAttribute('aria-invalid')).toBe('true');
  });

  it('creates a schedule, which is listed with its next run', async () => {
    await openPage(page, sandbox, '#/schedules/new');
    await page.getByLabel('Name').fill(NAME);
    await page.getByLabel('Expression').fill('rate(1 hour)');
    await page.getByLabel('Time zone').fill('Europe/London');
    await page.getByLabel('Message (payload)').fill('from the console');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await row(NAME).waitFor();
    expect(await row(NAME).locator('[data-status]').textContent()).toBe('enabled');
    expect(await row(NAME).locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('pauses and resumes it', async () => {
    await row(NAME).getByRole('button', { name: `Pause ${NAME}` }).click();
    await step(page, 'schedule-paused', () => row(NAME).locator('[data-status="paused"]').waitFor());
    await row(NAME).getByRole('button', { name: `Resume ${NAME}` }).click();
    await row(NAME).locator('[data-status="enabled"]').waitFor();
  });

  it('triggers it: the message it made is linked and is delivered', async () => {
    await row(NAME).getByRole('button', { name: `Trigger ${NAME}` }).click();
    await row(NAME).locator('a[href^="#/messages/"]').waitFor({ timeout: SETTLE_MS });
    await row(NAME).locator('a[href^="#/messages/"]').click();
    await waitForStatus(page, 'completed');
    expect(await page.locator('[data-field="payload"] dd').textContent()).toBe('from the console');
  });

  it('edits it', async () => {
    await openPage(page, sandbox, '#/schedules');
    await row(NAME).getByRole('link', { name: `Edit ${NAME}` }).click();
    await page.getByLabel('Expression').fill('rate(2 hours)');
    await step(page, 'schedule-edit', () => page.getByRole('button', { name: 'Save schedule' }).click());
    await row(NAME).locator('code', { hasText: 'rate(2 hours)' }).waitFor();
  });

  it('deletes it after asking', async () => {
    await row(NAME).getByRole('button', { name: `Delete ${NAME}` }).click();
    await row(NAME).waitFor({ state: 'detached' });
    expect((await sandbox.api('GET', `/api/schedules/${NAME}`)).status).toBe(404);
  });
});

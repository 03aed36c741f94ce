import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Sandbox } from './sandbox';

export type LocalUser = 'operator' | 'reader';

/** Generous: the machine running the tests may be busy. */
export const SETTLE_MS = 60_000;

/**
 * Signs in through the console's own button: the local provider's login page, the user's link,
 * the redirect back with a code, which the console redeems (PKCE) for tokens.
 */
export async function signIn(page: Page, sandbox: Sandbox, user: LocalUser): Promise<void> {
  await page.goto(`${sandbox.url}/console/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: new RegExp(`^Sign in as ${user}\\b`) }).click();
  await page.locator('.who').waitFor();
  expect(await page.locator('.who').getAttribute('data-role')).toBe(user);
}

/** The access token the console keeps for this tab. */
export function accessToken(page: Page): Promise<string> {
  return page.evaluate(() => (JSON.parse(sessionStorage.getItem('rez-agent.session') ?? '{}') as { accessToken: string }).accessToken);
}

/** Loads a console page afresh by its fragment, e.g. `#/metrics` (the tab's session stays signed in). */
export async function openPage(page: Page, sandbox: Sandbox, fragment: string): Promise<void> {
  // A fragment change alone would keep the last page's state (a half-filled form).
  await page.goto('about:blank');
  await page.goto(`${sandbox.url}/console/${fragment}`);
  await page.locator('main h1').first().waitFor();
}

/** Waits until the message page shows `status`. */
export async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.locator(`.status-line [data-status="${status}"]`).waitFor({ timeout: SETTLE_MS });
}

/** The id of the message whose page is open (`#/messages/<id>`). */
export const openMessageId = (page: Page): string => decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');

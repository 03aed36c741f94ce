import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import { ContractRecorder } from '@rez-agent/core/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser } from './find-browser';

/** Chromium's flags for a quiet, offline, throw-away run (no sync, updates or background calls). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Where page screenshots go (git-ignored): one per page on success, `failed-…` on failure. */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'screenshots');

/** Every answer the console got from the API, held to the OpenAPI document when the test file ends. */
const contract = new ContractRecorder();
const recordings: Promise<void>[] = [];
let pagesWatched = 0;
afterAll(async () => {
  await Promise.all(recordings);
  if (pagesWatched > 0 && contract.checked === 0) throw new Error('the contract check saw no API answer: is the response hook still on the pages?');
  contract.assertConforms();
});

function recordApiAnswers(page: Page): void {
  pagesWatched += 1;
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/')) return;
    const request = response.request();
    const exchange = { method: request.method(), path: url.pathname + url.search, status: response.status(), contentType: response.headers()['content-type'] ?? null };
    // A body the page navigated away from before it arrived cannot be read: that answer goes unchecked.
    recordings.push(response.text().then((body) => contract.record({ ...exchange, body }), () => undefined));
  });
}

export interface TestBrowser {
  context: BrowserContext;
  /** Every console error (but an HTTP error status, which tests provoke) and page error seen: a CSP violation lands here. */
  readonly problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh headless Chromium with its own profile folder, which close() removes. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await findBrowser();
  console.log(`browser tests: using ${browser.source}`);
  const profile = mkdtempSync(join(tmpdir(), 'rez-browser-'));
  const problems: string[] = [];
  let context: BrowserContext;
  try {
    // Playwright passes the profile as --user-data-dir itself.
    context = await chromium.launchPersistentContext(profile, { executablePath: browser.executablePath, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 800 } });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    recordApiAnswers(page);
  };
  context.on('page', watch);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Runs one step of a test on a page and writes its screenshot: `<name>.png` when it passes,
 * `failed-<name>.png` (then rethrows) when it does not.
 */
export async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    return result;
  } catch (error) {
    await page.screenshot({ path: join(SCREENSHOTS, `failed-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  }
}

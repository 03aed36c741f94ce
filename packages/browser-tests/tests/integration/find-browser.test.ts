import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../helpers/browser';
import { findBrowser } from '../helpers/find-browser';

const NOWHERE = { debianChromium: '/nonexistent/chromium', installedChrome: ['/nonexistent/chrome'] };

describe('finding a browser with no manual step', () => {
  it('takes CHROME_PATH when there is no Debian chromium', async () => {
    await expect(findBrowser({ CHROME_PATH: process.execPath }, NOWHERE)).resolves.toEqual({ executablePath: process.execPath, source: `CHROME_PATH (${process.execPath})` });
  });

  it('refuses a CHROME_PATH that is no executable, naming it', async () => {
    await expect(findBrowser({ CHROME_PATH: '/nonexistent/chrome-path' }, NOWHERE)).rejects.toThrow('CHROME_PATH is /nonexistent/chrome-path');
  });

  it('falls back to the Chromium inside @sparticuz/chromium, which launches here and renders a page', async () => {
    const found = await findBrowser({}, NOWHERE);
    expect(found.source).toContain('@sparticuz/chromium');
    const profile = mkdtempSync(join(tmpdir(), 'rez-sparticuz-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: found.executablePath, headless: true, args: CHROMIUM_FLAGS });
    try {
      const page = await context.newPage();
      await page.setContent('<p id="said">rendered</p>');
      expect(await page.textContent('#said')).toBe('rendered');
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

import { accessSync, constants } from 'node:fs';

/** A Chromium to drive, and where it was found (printed by every browser test file). */
export interface FoundBrowser {
  executablePath: string;
  source: string;
}

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where Chrome is installed by its own packages (Linux, macOS). */
export const INSTALLED_CHROME = [
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/usr/bin/chromium-browser',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/**
 * A browser with no manual step: Debian's Chromium where installed (CI apt-gets it), else
 * CHROME_PATH, else an installed Chrome, else the Chromium shipped inside the
 * @sparticuz/chromium package (unpacked to /tmp on first use).
 */
export interface BrowserPlaces {
  debianChromium: string;
  installedChrome: readonly string[];
}

export async function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  places: BrowserPlaces = { debianChromium: '/usr/bin/chromium', installedChrome: INSTALLED_CHROME },
): Promise<FoundBrowser> {
  if (executable(places.debianChromium)) return { executablePath: places.debianChromium, source: `Debian's chromium package (${places.debianChromium})` };
  const chromePath = env.CHROME_PATH;
  if (chromePath) {
    if (!executable(chromePath)) throw new Error(`CHROME_PATH is ${chromePath}, which is not an executable file`);
    return { executablePath: chromePath, source: `CHROME_PATH (${chromePath})` };
  }
  const installed = places.installedChrome.find(executable);
  if (installed) return { executablePath: installed, source: `an installed Chrome (${installed})` };
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  return { executablePath, source: `the Chromium inside the @sparticuz/chromium npm package (${executablePath})` };
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from '@jest/globals';
import { directoryConsoleAssets } from '../../src/static/console-assets';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function consoleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-assets-'));
  dirs.push(dir);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

/** The folder as the store takes it: a file URL ending in a slash. */
const folder = (dir: string): URL => pathToFileURL(`${dir}/`);

describe('the console files beside the bundle', () => {
  it('serves each known file with its media type; only hashed names are immutable', async () => {
    const assets = directoryConsoleAssets(folder(consoleDir({ 'index.html': '<!doctype html>', 'main-AB12CD34.js': 'x()', 'main-ZZ99YY88.css': 'p{}' })));
    expect(await assets.get('index.html')).toMatchObject({ body: '<!doctype html>', contentType: 'text/html; charset=utf-8', immutable: false });
    expect(await assets.get('main-AB12CD34.js')).toMatchObject({ body: 'x()', contentType: 'text/javascript; charset=utf-8', immutable: true });
    expect(gunzipSync((await assets.get('main-AB12CD34.js'))!.gzipped).toString()).toBe('x()');
    expect((await assets.get('main-ZZ99YY88.css'))?.contentType).toBe('text/css; charset=utf-8');
  });

  it('lists the folder again after a failed listing, rather than keeping "no console"', async () => {
    const dir = consoleDir({});
    const later = join(dir, 'console');
    const assets = directoryConsoleAssets(folder(later));
    expect(await assets.get('index.html')).toBeUndefined();
    mkdirSync(later);
    writeFileSync(join(later, 'index.html'), 'page');
    expect((await assets.get('index.html'))?.body).toBe('page');
  });

  it('reads a file once per container, then answers from memory', async () => {
    const dir = consoleDir({ 'main-AB12CD34.js': 'first' });
    const assets = directoryConsoleAssets(folder(dir));
    expect((await assets.get('main-AB12CD34.js'))?.body).toBe('first');
    writeFileSync(join(dir, 'main-AB12CD34.js'), 'changed on disk');
    expect((await assets.get('main-AB12CD34.js'))?.body).toBe('first');
  });

  it('knows no name outside the listing: other files, paths and a missing folder are undefined', async () => {
    const dir = consoleDir({ 'index.html': 'page', 'notes.txt': 'secret' });
    const assets = directoryConsoleAssets(folder(dir));
    expect(await assets.get('notes.txt')).toBeUndefined();
    expect(await assets.get('../index.html')).toBeUndefined();
    expect(await assets.get('')).toBeUndefined();
    expect(await directoryConsoleAssets(folder(join(dir, 'nowhere'))).get('index.html')).toBeUndefined();
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; dependencies?: object };
const work = mkdtempSync(join(tmpdir(), 'rez-cli-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (...args: string[]): string => execFileSync('npm', args, { cwd: packageDir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the package as npm packs and installs it', () => {
  it('has no runtime dependencies: the bundle carries what it needs', () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.bin).toEqual({ rez: 'dist/rez.js' });
  });

  it('packs the bundle, and a global install of the tarball gives a working `rez`', () => {
    npm('pack', '--pack-destination', work, '--silent');
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz')) ?? '';
    npm('install', '--global', '--prefix', join(work, 'prefix'), '--offline', '--no-audit', '--no-fund', '--loglevel', 'error', join(work, tarball));

    const version = execFileSync(join(work, 'prefix', 'bin', 'rez'), ['--version'], { encoding: 'utf8' });

    expect(version).toBe(`${manifest.version}\n`);
  });
});

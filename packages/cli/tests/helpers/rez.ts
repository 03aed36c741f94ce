import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundle that ships (`bin` of the package): tests run what a user installs. */
export const REZ = fileURLToPath(new URL('../../dist/rez.js', import.meta.url));

export interface RezResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RezOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
}

/** A config home of its own, so no test reads the developer's ~/.config/rez-agent. */
export function tempConfigHome(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rez-cli-config-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `rez <args>` to its end with only the REZ_* settings the test gives. */
export function runRez(args: readonly string[], options: RezOptions = {}): Promise<RezResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REZ_') && key !== 'NO_COLOR' && key !== 'FORCE_COLOR'));
  const env = Object.fromEntries(Object.entries({ ...inherited, ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REZ, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rez ${args.join(' ')} did not exit within ${options.timeoutMs ?? 30_000} ms:\n${stdout}${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** The JSON a `--json` run printed, typed by the caller. */
export function jsonOf<T>(result: RezResult): T {
  if (result.code !== 0) throw new Error(`rez exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll } from '@jest/globals';
import { ContractRecorder } from '@rez-agent/core/testing';
import { freePort } from '@rez-agent/emulators';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface SandboxProcess {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far, for failure messages. */
  output(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Calls an API route with the bearer token; JSON in (a string or bytes go as they are), JSON (or text) out. */
  api<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON; typed by the caller. */
  body: T;
}

export interface StartOptions {
  env?: Record<string, string>;
  args?: string[];
  /** How long to wait for GET /api/health. */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Every answer a test file gets through `fetchRecorded` (and so `api()`), held against the OpenAPI document; the file fails on a mismatch. */
const contract = new ContractRecorder();
afterAll(() => contract.assertConforms());

/** fetch for a sandbox's API: the answer is recorded for the contract check; its text is returned with it. */
export async function fetchRecorded(url: string, init: RequestInit = {}): Promise<{ response: Response; text: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  const { pathname, search } = new URL(url);
  contract.record({ method: init.method ?? 'GET', path: pathname + search, status: response.status, contentType: response.headers.get('content-type'), body: text });
  return { response, text };
}

/** Runs the built CLI exactly as a user would, on a free port, and waits until the API answers. */
export async function startSandboxProcess(options: StartOptions = {}): Promise<SandboxProcess> {
  const port = await freePort();
  const token = `test-token-${port}-abcdefgh`;
  const child = spawn(process.execPath, [CLI, '--port', String(port), ...(options.args ?? [])], {
    env: { ...process.env, LOG_LEVEL: 'warn', REZ_API_TOKEN: token, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;

  const api = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const { response, text } = await fetchRecorded(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the sandbox exited during start-up:\n${output}`);
    try {
      const health = await fetch(`${url}/api/health`);
      if (health.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the sandbox did not answer within the start-up time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, token, child, output: () => output, exited, api };
}

/** Kills every sandbox a test left running (afterAll), so none outlives the test run. */
export async function killAllSandboxes(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)))));
}

/** Runs the CLI to its end (for start-up errors); resolves with exit code and output. */
export function runCliToExit(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not exit within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

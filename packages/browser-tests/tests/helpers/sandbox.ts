import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '@rez-agent/emulators';

/** `npm start`'s sandbox, built, found through the workspace package. */
const SANDBOX_CLI = fileURLToPath(new URL('../dist/cli.js', `file://${createRequire(import.meta.url).resolve('@rez-agent/local')}`));

export interface Sandbox {
  /** e.g. http://127.0.0.1:41234; the console is at `${url}/console/`. */
  url: string;
  token: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  /** Calls the API with the machine token. */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

/** One sandbox on a free port (`env` e.g. points ntfy at a scripted server), ready once its API answers. */
export async function startSandbox(env: Record<string, string> = {}): Promise<Sandbox> {
  const port = await freePort();
  const token = `browser-test-token-${port}`;
  let printed = '';
  const child = spawn(process.execPath, [SANDBOX_CLI, '--port', String(port)], {
    env: { ...process.env, LOG_LEVEL: 'warn', REZ_API_TOKEN: token, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      // A sandbox that dies under a test says why, or the test only sees refused connections.
      if (!stopping) console.error(`the sandbox on port ${port} exited (${signal ?? code}) while tests ran:\n${printed}`);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const failed = exited.then(() => Promise.reject(new Error(`the sandbox exited while starting:\n${printed}`)));
  failed.catch(() => undefined);
  try {
    await Promise.race([waitForHttp(`${url}/api/health`, 90_000), failed]);
  } catch (error) {
    stopping = true;
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    token,
    output: () => printed,
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

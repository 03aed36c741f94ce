import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll } from '@jest/globals';
import { ContractRecorder, startContractProxy } from '@rez-agent/core/testing';
import { freePort, waitForHttp } from '@rez-agent/emulators';

/** The sandbox's built entry (what `npm start` runs), found through the workspace package. */
const SANDBOX_CLI = new URL('../dist/cli.js', `file://${createRequire(import.meta.url).resolve('@rez-agent/local')}`);

/**
 * Every answer the sandbox gives a test file's `rez` runs, held against the OpenAPI document:
 * the CLI reaches the sandbox only through a recording proxy, and the file fails on a mismatch.
 */
const contract = new ContractRecorder();
afterAll(() => contract.assertConforms());

export interface RunningSandbox {
  /** The recording proxy in front of the sandbox: what the CLI is pointed at. */
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** One `npm start` sandbox on a free port with a known token; `extraEnv` e.g. points ntfy elsewhere. */
export async function startSandbox(extraEnv: Record<string, string> = {}): Promise<RunningSandbox> {
  const port = await freePort();
  const token = `cli-test-token-${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [SANDBOX_CLI.pathname, '--port', String(port)], {
    env: { ...process.env, LOG_LEVEL: 'warn', REZ_API_TOKEN: token, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const exitedEarly = exited.then(() => {
    throw new Error(`the sandbox exited during start-up:\n${output}`);
  });
  exitedEarly.catch(() => undefined);
  try {
    await Promise.race([waitForHttp(`${url}/api/health`, 90_000), exitedEarly]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const proxy = await startContractProxy(url, contract);
  return {
    url: proxy.url,
    token,
    stop: async () => {
      await proxy.close();
      await stop();
    },
  };
}

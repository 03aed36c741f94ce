import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { freePort } from '@rez-agent/emulators';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { listAll, type LocalIndex } from '../helpers/messages';
import { isLoopback, listeningSockets, processTree, stillRunning, type ProcessInfo } from '../helpers/process-tree';
import { fetchRecorded, killAllSandboxes, startSandboxProcess } from '../helpers/sandbox-process';
import { waitFor } from '../helpers/wait';

// `npm start` exactly as a person runs it, in its own process group as a terminal would put it,
// so that a signal to the group is what Ctrl-C sends.
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const MESSAGES = 20;

let ntfy: NtfyServer;
let dataDir: string;
/** npm start's TMPDIR: whatever the sandbox puts there must be gone after it stops. */
let scratchDir: string;
let npm: ChildProcess;
let npmOutput: () => string;
let npmExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let port: number;
const token = 'npm-start-signals-token-abcdefgh';
const env = (ntfyUrl: string) => ({
  NTFY_URL: ntfyUrl,
  LOG_LEVEL: 'info',
  // Receives to spare: this test is about the stop, not about giving up on slow deliveries.
  MAX_RECEIVE_COUNT: '10',
});

const api = async (method: string, path: string, body?: unknown) => {
  const { response, text } = await fetchRecorded(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: JSON.parse(text) as unknown };
};

interface NpmStart {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` in its own session and process group, as a terminal runs it; resolves once the API answers. */
async function npmStart(apiPort: number, args: string[], extraEnv: Record<string, string>): Promise<NpmStart> {
  const child = spawn('npm', ['start', '--', '--port', String(apiPort), ...args], {
    cwd: REPOSITORY,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env(ntfy.url('rez-signals')), REZ_API_TOKEN: token, ...extraEnv },
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // npm start installs (a no-op) and builds (cached) before the sandbox starts.
  await waitFor(`npm start to answer on port ${apiPort}`, async () => ((await fetch(`http://127.0.0.1:${apiPort}/api/health`)).ok ? true : undefined), 150_000, 250);
  return { child, output: () => output, exited };
}

const started: ChildProcess[] = [];

beforeAll(async () => {
  ntfy = await startNtfyServer();
  dataDir = mkdtempSync(join(tmpdir(), 'rez-npm-start-'));
  scratchDir = mkdtempSync(join(tmpdir(), 'rez-npm-start-tmp-'));
  port = await freePort();
  const first = await npmStart(port, ['--data-dir', dataDir], { TMPDIR: scratchDir });
  npm = first.child;
  npmOutput = first.output;
  npmExited = first.exited;
}, 180_000);

afterAll(async () => {
  for (const child of started) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  await killAllSandboxes();
  await ntfy?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratchDir, { recursive: true, force: true });
});

test('every socket the sandbox listens on (web API, DynamoDB Local, SNS/SQS emulator) is bound to loopback', async () => {
  const { body } = (await api('GET', '/_local')) as { body: LocalIndex };
  const emulatorPorts = [body.emulators.dynamodb, body.emulators.sns_sqs].map((url) => Number(new URL(url ?? '').port));

  const sockets = listeningSockets(processTree(npm.pid!).map((info) => info.pid));

  expect(sockets.map((socket) => socket.port)).toEqual(expect.arrayContaining([port, ...emulatorPorts]));
  expect(sockets.filter((socket) => !isLoopback(socket.address))).toEqual([]);
});

test('DynamoDB Local runs with telemetry off (nothing leaves the machine) and CORS limited to its own origin', async () => {
  const { body } = (await api('GET', '/_local')) as { body: LocalIndex };
  const endpoint = body.emulators.dynamodb ?? '';

  const jvm = processTree(npm.pid!).filter((info) => info.command.startsWith('java ') && info.command.includes(`-port ${new URL(endpoint).port}`));

  const preflight = (origin: string) =>
    fetch(endpoint, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,authorization' },
    });
  const [foreign, own] = [await preflight('https://evil.example'), await preflight(endpoint)];

  expect(jvm).toHaveLength(1);
  expect(jvm[0]?.command).toContain(' -disableTelemetry');
  // A CORS list is in force (its own origin is named back), and another site is not on it.
  expect(own.headers.get('access-control-allow-origin')).toBe(endpoint);
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
});

test('Ctrl-C mid-delivery: npm start returns once the sandbox has stopped (exit 0), no process, port or temporary folder outlives it, and after a restart every message was sent exactly once', async () => {
  // Prepare: slow ntfy answers keep deliveries in flight when the interrupt comes.
  ntfy.respondByDefault(ntfyAnswers.slow(400));
  const payloads: string[] = [];
  for (let index = 0; index < MESSAGES; index += 1) {
    const payload = `signals #${index} ${Date.now()}`;
    expect((await api('POST', '/api/messages', { payload })).status).toBe(201);
    payloads.push(payload);
  }
  await waitFor('deliveries in flight', () => (ntfy.requests.length >= 3 ? true : undefined));
  const tree: ProcessInfo[] = processTree(npm.pid!);

  // Act: what a terminal's Ctrl-C does, SIGINT to the whole foreground process group.
  process.kill(-npm.pid!, 'SIGINT');
  const exit = await npmExited;

  // Assess: the sandbox drained and exited 0; npm reports the interrupt; nothing is left.
  expect(npmOutput()).toContain('"message":"sandbox: stopped"');
  expect(npmOutput()).not.toContain('did not finish in time');
  expect(exit.code === 130 || exit.signal === 'SIGINT').toBe(true);
  expect(stillRunning(tree).map((info) => `${info.pid} ${info.command}`)).toEqual([]);
  await expect(canListen(port)).resolves.toBe(true);
  // npm keeps Node's module compile cache in TMPDIR on purpose; anything else would be ours.
  expect(readdirSync(scratchDir).filter((name) => name !== 'node-compile-cache')).toEqual([]);

  ntfy.respondByDefault(ntfyAnswers.ok());
  const again = await startSandboxProcess({ args: ['--data-dir', dataDir], env: env(ntfy.url('rez-signals')) });
  await waitFor(
    'every message completed after the restart',
    async () => {
      const all = await listAll(again);
      return all.length === MESSAGES && all.every((message) => message.status === 'completed') ? all : undefined;
    },
    60_000,
    250,
  );
  const sends = payloads.map((payload) => ntfy.requests.filter((request) => request.body === payload).length);
  expect(sends).toEqual(payloads.map(() => 1));

  again.child.kill('SIGTERM');
  expect(await again.exited).toEqual({ code: 0, signal: null });
}, 180_000);

test.each(['SIGTERM', 'SIGKILL'] as const)('%s to the npm process alone (nothing else is told) leaves no sandbox, watchdog, Java or port behind', async (signal) => {
  const apiPort = await freePort();
  const run = await npmStart(apiPort, [], {});
  const tree = processTree(run.child.pid!);
  expect(tree.some((info) => info.command.startsWith('java '))).toBe(true);

  process.kill(run.child.pid!, signal);
  await run.exited;

  await waitFor('every process npm start had started to end', () => (stillRunning(tree).length === 0 ? true : undefined), 30_000, 200);
  await expect(canListen(apiPort)).resolves.toBe(true);
  expect(run.output()).toContain('"message":"sandbox: stopped"');
}, 180_000);

test('SIGHUP to the group (the terminal closed) is a graceful stop too', async () => {
  const apiPort = await freePort();
  const run = await npmStart(apiPort, [], {});
  const tree = processTree(run.child.pid!);

  process.kill(-run.child.pid!, 'SIGHUP');
  await run.exited;

  await waitFor('every process npm start had started to end', () => (stillRunning(tree).length === 0 ? true : undefined), 30_000, 200);
  expect(run.output()).toContain('"reason":"SIGHUP"');
  expect(run.output()).toContain('"message":"sandbox: stopped"');
}, 180_000);

test('at a terminal: pretty logs, one wrapper between npm and the sandbox, and Ctrl-C stops it all', async () => {
  // Prepare: `script` gives npm start a pseudo-terminal, as a person's shell would.
  const apiPort = await freePort();
  const terminal = spawn('script', ['-qfec', `npm start -- --port ${apiPort}`, '/dev/null'], {
    cwd: REPOSITORY,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env(ntfy.url('rez-signals')), REZ_API_TOKEN: token },
  });
  started.push(terminal);
  let output = '';
  terminal.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => terminal.once('exit', resolve));
  await waitFor(`npm start to answer on port ${apiPort}`, async () => ((await fetch(`http://127.0.0.1:${apiPort}/api/health`)).ok ? true : undefined), 150_000, 250);
  const tree = processTree(terminal.pid!);
  const npmProcess = tree.find((info) => info.command.startsWith('npm start'));
  // Node processes only (not `sh -c node scripts/run.mjs …`).
  const nodeProcesses = tree.filter((info) => /(^|\/)node$/.test(info.command.split(' ')[0] ?? ''));

  // Act: Ctrl-C, as the terminal sends it to its foreground process group.
  process.kill(-npmProcess!.pgrp, 'SIGINT');
  await exited;

  // Assess
  const role = (command: string) => (command.includes('scripts/run.mjs') ? 'run.mjs' : command.includes('dist/cli.js') ? 'sandbox' : command.includes(' -e ') ? 'watchdog' : command);
  // One wrapper (run.mjs, which pretty-prints), the sandbox, and DynamoDB Local's watchdog.
  expect(nodeProcesses.map((info) => role(info.command)).sort()).toEqual(['run.mjs', 'sandbox', 'watchdog']);
  expect(output).toMatch(/\[local\] sandbox: stopped/);
  expect(output).not.toContain('"message":"sandbox: stopped"');
  expect(stillRunning(tree)).toEqual([]);
}, 180_000);

/** True when nothing listens on the port any more. */
function canListen(target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(target, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

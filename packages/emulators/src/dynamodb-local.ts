import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EmulatorError } from './errors';
import { assertPortFree, freePort, waitForHttp } from './net';

export interface DynamoDbLocalOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Persist tables in this folder; omitted keeps everything in memory. */
  dataDir?: string;
  /** How long to wait for the emulator to answer, in ms. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * A watchdog between us and the JVM: it exits (and kills Java) as soon as its stdin closes,
 * which happens when our process ends for any reason, SIGKILL included. Without it a killed
 * parent would leave DynamoDB Local running forever.
 */
const GUARDIAN = `
const { spawn } = require('node:child_process');
const [command, ...args] = JSON.parse(process.argv[1]);
const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
};
child.on('error', (error) => { console.error(error.message); process.exit(127); });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
`;

/** Where the official DynamoDBLocal.jar lives: inside the amplify-dynamodb-simulator npm package. */
export function dynamoDbLocalJar(): { jar: string; libDir: string } {
  const require = createRequire(import.meta.url);
  const emulatorDir = join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  return { jar: join(emulatorDir, 'DynamoDBLocal.jar'), libDir: join(emulatorDir, 'DynamoDBLocal_lib') };
}

/** Fails with a clear message when no Java 17+ is on the PATH. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new EmulatorError('Java 17+ is required to run DynamoDB Local, and `java` was not found on the PATH.');
  }
  const major = Number(/version "(\d+)/.exec(result.stderr)?.[1] ?? '0');
  if (major > 0 && major < 17) throw new EmulatorError(`DynamoDB Local needs Java 17+; found Java ${major}.`);
}

/** Starts the official DynamoDB Local as a guarded child process and waits until it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ? await assertPortFree(options.port, 'DynamoDB Local') : await freePort();
  const { jar, libDir } = dynamoDbLocalJar();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  const javaArgs = [
    '-XX:+UseSerialGC',
    '-Xss1m',
    `-Djava.library.path=${libDir}`,
    '-jar',
    jar,
    ...storage,
    '-sharedDb',
    '-port',
    String(port),
  ];
  const guardian: ChildProcess = spawn(process.execPath, ['-e', GUARDIAN, JSON.stringify(['java', ...javaArgs])], {
    stdio: ['pipe', 'ignore', 'pipe'],
    // DynamoDB Local writes a metadata file into its working directory, even in memory.
    cwd: options.dataDir ?? mkdtempSync(join(tmpdir(), 'rez-dynamodb-local-')),
  });
  let stderr = '';
  guardian.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => guardian.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;

  let ready: boolean;
  try {
    ready = await Promise.race([
      waitForHttp(endpoint, options.startTimeoutMs ?? 30_000).then(() => true),
      exited.then(() => false),
    ]);
  } catch (error) {
    // Too slow to answer: the caller gets no handle to stop it, so stop it here rather than leave
    // a JVM running for as long as the caller lives.
    guardian.stdin?.end();
    guardian.kill('SIGTERM');
    await exited;
    throw error;
  }
  if (!ready) {
    throw new EmulatorError(`DynamoDB Local exited during start-up${stderr ? `: ${stderr.trim()}` : ''}`);
  }

  return {
    endpoint,
    port,
    pid: guardian.pid ?? -1,
    async stop() {
      if (guardian.exitCode !== null || guardian.signalCode !== null) return;
      guardian.stdin?.end();
      guardian.kill('SIGTERM');
      await exited;
    },
  };
}

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatorError } from './errors';
import { GUARDIAN_SOURCE } from './guardian';
import { assertPortFree, freePort, waitForHttp } from './net';

export interface DynamoDbLocalOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Persist tables in this folder; omitted keeps everything in memory. */
  dataDir?: string;
  /** How long to wait for the emulator to answer, in ms. */
  startTimeoutMs?: number;
  /** Origins allowed by CORS; by default only its own, so no web page can call it. */
  corsOrigins?: readonly string[];
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Where the official DynamoDBLocal.jar lives: inside the amplify-dynamodb-simulator npm package. */
export function dynamoDbLocalJar(): { jar: string; libDir: string } {
  const require = createRequire(import.meta.url);
  const emulatorDir = join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  return { jar: join(emulatorDir, 'DynamoDBLocal.jar'), libDir: join(emulatorDir, 'DynamoDBLocal_lib') };
}

/** The loopback launcher (dist/java, or its source when no javac built it); same path from src/ and dist/. */
function launcher(): { classPath: string[]; main: string } {
  const compiled = fileURLToPath(new URL('../dist/java/', import.meta.url));
  if (existsSync(join(compiled, 'LoopbackDynamoDbLocal.class'))) return { classPath: [compiled], main: 'LoopbackDynamoDbLocal' };
  return { classPath: [], main: fileURLToPath(new URL('../java/LoopbackDynamoDbLocal.java', import.meta.url)) };
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
  const endpoint = `http://127.0.0.1:${port}`;
  const { classPath, main } = launcher();
  const javaArgs = [
    '-XX:+UseSerialGC',
    '-Xss1m',
    `-Djava.library.path=${libDir}`,
    '-cp',
    [...classPath, jar, join(libDir, '*')].join(':'),
    main,
    ...storage,
    '-sharedDb',
    '-port',
    String(port),
    // Nothing leaves the machine, and no web page may call it (the default is every origin).
    '-disableTelemetry',
    '-cors',
    (options.corsOrigins ?? [endpoint]).join(','),
  ];
  // DynamoDB Local writes a metadata file into its working directory, even in memory; a
  // scratch folder the guardian removes when Java is gone keeps /tmp clean.
  const scratchDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'rez-dynamodb-local-'));
  const guardian: ChildProcess = spawn(process.execPath, ['-e', GUARDIAN_SOURCE, JSON.stringify({ command: 'java', args: javaArgs, scratchDir })], {
    stdio: ['pipe', 'ignore', 'pipe'],
    cwd: options.dataDir ?? scratchDir,
    // Its own session: a terminal's Ctrl-C (SIGINT to the foreground group) must not stop the
    // database under deliveries in flight; the sandbox stops it after draining.
    detached: true,
  });
  let stderr = '';
  guardian.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => guardian.once('exit', (code) => resolve(code)));

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

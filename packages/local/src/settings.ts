import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STAGES, type LogLevel, type Stage } from '@rez-agent/core';
import { SandboxError } from './errors';

/** Everything the sandbox is told by flags and environment, checked once at start-up. */
export interface Settings {
  /** The web API port on 127.0.0.1; 0 picks a free one. */
  port: number;
  stage: Stage;
  /** Persist DynamoDB Local and the SNS/SQS emulator here; undefined keeps everything in memory. */
  dataDir: string | undefined;
  /** Where notifications go; undefined means the built-in local inbox. */
  ntfyUrl: string | undefined;
  ntfyToken: string | undefined;
  apiToken: string;
  /** True when no REZ_API_TOKEN was given and one was made up for this run. */
  apiTokenGenerated: boolean;
  logLevel: LogLevel;
  /** Shorter than the stack's so that a failed delivery is retried within seconds. */
  visibilityTimeoutSeconds: number;
  processingLeaseSeconds: number;
  maxReceiveCount: number;
  help: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const USAGE = `Usage: npm start -- [--port <port>] [--data-dir <folder>]

Runs rez-agent on this machine: DynamoDB Local, the SNS/SQS emulator, the real scheduler,
processor and webapi functions, and a local ntfy inbox (or NTFY_URL).

  --port <port>        web API port on 127.0.0.1 (env PORT, default 3000)
  --data-dir <folder>  keep messages and queues between runs (env REZ_DATA_DIR; default in memory)
  --help               this text

Environment: STAGE (dev), NTFY_URL, NTFY_TOKEN, REZ_API_TOKEN (random if unset), LOG_LEVEL (info),
REZ_VISIBILITY_TIMEOUT_SECONDS (10), PROCESSING_LEASE_SECONDS (10, at most the visibility timeout), MAX_RECEIVE_COUNT (3), STALE_AFTER_MINUTES (1).`;

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new SandboxError(`${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}

/** An ntfy publish URL needs a topic: https://ntfy.sh/<topic>. */
function ntfyUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const url = URL.parse(raw);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.length < 2) {
    throw new SandboxError(`NTFY_URL must be an ntfy topic URL like https://ntfy.sh/<your-topic>, got "${raw}".`);
  }
  return raw;
}

function stage(raw: string | undefined): Stage {
  if (raw === undefined || raw === '') return 'dev';
  if (!(STAGES as readonly string[]).includes(raw)) throw new SandboxError(`STAGE must be one of ${STAGES.join(', ')}, got "${raw}".`);
  return raw as Stage;
}

function logLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new SandboxError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}".`);
  return raw as LogLevel;
}

/** Reads flags (they win) and environment; throws a SandboxError naming the first bad value. */
export function resolveSettings(argv: readonly string[], env: Env): Settings {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new SandboxError(`${(error as Error).message}. Try --help.`);
  }
  const { values } = parsed;
  const dataDir = values['data-dir'] ?? env.REZ_DATA_DIR;
  const apiToken = env.REZ_API_TOKEN;
  const visibilityTimeoutSeconds = integer('REZ_VISIBILITY_TIMEOUT_SECONDS', env.REZ_VISIBILITY_TIMEOUT_SECONDS, 10, 1, 43_200);
  const processingLeaseSeconds = integer('PROCESSING_LEASE_SECONDS', env.PROCESSING_LEASE_SECONDS, 10, 1, 86_400);
  // The stack's order: processor timeout ≤ lease ≤ visibility timeout. A record that came back
  // while its lease still held would burn receives on "held elsewhere" and could be dead-lettered.
  if (processingLeaseSeconds > visibilityTimeoutSeconds) {
    throw new SandboxError(
      `PROCESSING_LEASE_SECONDS (${processingLeaseSeconds}) must not exceed REZ_VISIBILITY_TIMEOUT_SECONDS (${visibilityTimeoutSeconds}): a record must not come back while its delivery lease still holds.`,
    );
  }
  return {
    port: integer(values.port === undefined ? 'PORT' : '--port', values.port ?? env.PORT, 3000, 0, 65_535),
    stage: stage(env.STAGE),
    dataDir: dataDir ? resolve(dataDir) : undefined,
    ntfyUrl: ntfyUrl(env.NTFY_URL),
    ntfyToken: env.NTFY_TOKEN || undefined,
    apiToken: apiToken || randomBytes(24).toString('base64url'),
    apiTokenGenerated: !apiToken,
    logLevel: logLevel(env.LOG_LEVEL),
    visibilityTimeoutSeconds,
    processingLeaseSeconds,
    maxReceiveCount: integer('MAX_RECEIVE_COUNT', env.MAX_RECEIVE_COUNT, 3, 1, 1000),
    help: values.help ?? false,
  };
}

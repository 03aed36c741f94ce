import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PARSERS, envDefault, parseEnvValue, type EnvVarName, type LogLevel, type Stage } from '@rez-agent/core';
import { SandboxError } from './errors';

/** Everything the sandbox is told by flags and environment, checked once at start-up. */
export interface Settings {
  /** The web API port on 127.0.0.1; 0 picks a free one. */
  port: number;
  stage: Stage;
  /** Persist DynamoDB Local and the SNS/SQS emulator here; undefined keeps everything in memory. */
  dataDir: string | undefined;
  /** An existing DynamoDB (e.g. a DynamoDB Local beside NoSQL Workbench) to use instead of starting one. */
  dynamoDbEndpoint: string | undefined;
  /** Where notifications go; undefined means the built-in local inbox. */
  ntfyUrl: string | undefined;
  ntfyToken: string | undefined;
  ntfyTimeoutMs: number;
  ntfyMaxAttempts: number;
  apiToken: string;
  /** True when no REZ_API_TOKEN was given and one was made up for this run. */
  apiTokenGenerated: boolean;
  /** Origins the web API allows; undefined means the sandbox's own API URL. */
  corsOrigins: string[] | undefined;
  logLevel: LogLevel;
  /** Shorter than the stack's so that a failed delivery is retried within seconds. */
  visibilityTimeoutSeconds: number;
  processingLeaseSeconds: number;
  maxReceiveCount: number;
  /** Locally a message waiting a minute is already stuck; the stack waits 15. */
  staleAfterMinutes: number;
  /** The tick's period when the user asks for a faster clock; undefined is the stack's 60 s. */
  tickSeconds: number | undefined;
  help: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

export const USAGE = `Usage: npm start -- [--port <port>] [--data-dir <folder>] [--dynamodb-endpoint <url>] [--tick-seconds <n>]

Runs rez-agent on this machine: DynamoDB Local, the SNS/SQS emulator, the real scheduler,
processor and webapi functions, and a local ntfy inbox (or NTFY_URL).

  --port <port>        web API port on 127.0.0.1 (env PORT, default 3000)
  --data-dir <folder>  keep messages and queues between runs (env REZ_DATA_DIR; default in memory)
  --dynamodb-endpoint <url>
                       use a DynamoDB already running there, creating the table when absent
                       (env REZ_DYNAMODB_ENDPOINT; default: start DynamoDB Local)
  --tick-seconds <n>   run the scheduler's tick every n seconds (1-60) instead of every minute,
                       as the stack does; schedules still fire on their own times
  --help               this text

Environment: STAGE (dev), NTFY_URL, NTFY_TOKEN, NTFY_TIMEOUT_MS (10000), NTFY_MAX_ATTEMPTS (3),
REZ_API_TOKEN (random if unset), CORS_ALLOWED_ORIGINS (the API's own URL), LOG_LEVEL (info),
REZ_VISIBILITY_TIMEOUT_SECONDS (10), PROCESSING_LEASE_SECONDS (10, at most the visibility timeout),
MAX_RECEIVE_COUNT (3), STALE_AFTER_MINUTES (1).`;

/** A value checked by a core parser; a bad one is a SandboxError naming it. */
function checked<T>(name: string, raw: string, parse: (raw: string) => T): T {
  try {
    return parse(raw);
  } catch (error) {
    throw new SandboxError(`${name} ${(error as Error).message}, got "${raw}".`);
  }
}

/** A function's variable, checked by the parser the functions use; unset takes `fallback`. */
function variable<K extends EnvVarName, T>(env: Env, name: K, fallback: T): ReturnType<typeof parseEnvValue<K>> | T {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : checked(name, raw, (text) => parseEnvValue(name, text));
}

/** A sandbox-only number (no function reads it), checked by core's integer parser. */
function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  return raw === undefined || raw === '' ? fallback : checked(name, raw, PARSERS.integer(min, max));
}

/** An ntfy publish URL needs a topic: stricter than the functions' http(s) check, so checked alone. */
function ntfyUrl(raw: string | undefined): string | undefined {
  return raw === undefined || raw === '' ? undefined : checked('NTFY_URL', raw, PARSERS.ntfyTopicUrl);
}

/** An existing DynamoDB's endpoint: an absolute http(s) URL. */
function endpoint(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const url = URL.parse(raw);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SandboxError(`${name} must be a URL like http://127.0.0.1:8000, got "${raw}".`);
  }
  return url.origin;
}

/** Reads flags (they win) and environment; throws a SandboxError naming the first bad value. */
export function resolveSettings(argv: readonly string[], env: Env): Settings {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'dynamodb-endpoint': { type: 'string' },
        'tick-seconds': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
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
  const processingLeaseSeconds = variable(env, 'PROCESSING_LEASE_SECONDS', 10);
  // The stack's order: processor timeout ≤ lease ≤ visibility timeout. A record that came back
  // while its lease still held would burn receives on "held elsewhere" and could be dead-lettered.
  if (processingLeaseSeconds > visibilityTimeoutSeconds) {
    throw new SandboxError(
      `PROCESSING_LEASE_SECONDS (${processingLeaseSeconds}) must not exceed REZ_VISIBILITY_TIMEOUT_SECONDS (${visibilityTimeoutSeconds}): a record must not come back while its delivery lease still holds.`,
    );
  }
  return {
    port: integer(values.port === undefined ? 'PORT' : '--port', values.port ?? env.PORT, 3000, 0, 65_535),
    stage: variable(env, 'STAGE', 'dev'),
    dataDir: dataDir ? resolve(dataDir) : undefined,
    dynamoDbEndpoint: endpoint(
      values['dynamodb-endpoint'] === undefined ? 'REZ_DYNAMODB_ENDPOINT' : '--dynamodb-endpoint',
      values['dynamodb-endpoint'] ?? env.REZ_DYNAMODB_ENDPOINT,
    ),
    ntfyUrl: ntfyUrl(env.NTFY_URL),
    ntfyToken: env.NTFY_TOKEN || undefined,
    ntfyTimeoutMs: variable(env, 'NTFY_TIMEOUT_MS', envDefault('NTFY_TIMEOUT_MS')),
    ntfyMaxAttempts: variable(env, 'NTFY_MAX_ATTEMPTS', envDefault('NTFY_MAX_ATTEMPTS')),
    apiToken: apiToken || randomBytes(24).toString('base64url'),
    apiTokenGenerated: !apiToken,
    corsOrigins: variable(env, 'CORS_ALLOWED_ORIGINS', undefined),
    logLevel: variable(env, 'LOG_LEVEL', 'info'),
    visibilityTimeoutSeconds,
    processingLeaseSeconds,
    maxReceiveCount: variable(env, 'MAX_RECEIVE_COUNT', 3),
    staleAfterMinutes: variable(env, 'STALE_AFTER_MINUTES', 1),
    tickSeconds: values['tick-seconds'] === undefined ? undefined : integer('--tick-seconds', values['tick-seconds'], 60, 1, 60),
    help: values.help ?? false,
  };
}

import {
  DEFAULT_SCHEDULES,
  PARSERS,
  PROJECT,
  STAGES,
  ValidationError,
  expressionProblem,
  parseEnvValue,
  parseSchedules,
  type LogLevel,
  type ScheduleDefinition,
  type Stage,
} from '@rez-agent/core';
import { GUARD_KEYS, deploymentProblems } from './deployment-guards';

/**
 * The stack's settings, read from `Pulumi.<stage>.yaml` (with the defaults declared in
 * `Pulumi.yaml`) and checked before any resource is declared. Pure: it takes the raw config map
 * the Pulumi CLI hands the program (`namespace:key` → string, structured values as JSON), so it
 * can be tested without the engine. A setting that becomes a function's variable is checked with
 * that variable's own parser (core's ENV_VARS), so the stack accepts exactly what the function will.
 */

export { PROJECT };

export interface StackConfig {
  stage: Stage;
  region: string;
  ntfyUrl: string;
  schedules: ScheduleDefinition[];
  corsOrigins: string[];
  logLevel: LogLevel;
  logRetentionDays: number;
  messageTtlDays: number;
  alarmEmail?: string;
  processor: {
    memoryMb: number;
    timeoutSeconds: number;
    batchSize: number;
    batchingWindowSeconds: number;
    maxConcurrency: number;
    leaseSeconds: number;
  };
  maxReceiveCount: number;
  api: { throttleBurst: number; throttleRate: number };
  /** The tick runs the sweep every `everyMinutes` (from `sweepExpression`, rate(N minutes)). */
  sweep: { expression: string; everyMinutes: number; staleAfterMinutes: number; limit: number };
  signIn: {
    /** Callback and logout URLs beyond the console's own (`<api url>/console/`). */
    callbackUrls: string[];
    logoutUrls: string[];
    /** The managed-login domain prefix; unset: `rez-agent-<stage>-<account id>`. */
    domainPrefix?: string;
    /** Cognito threat protection (Plus tier); off unless configured. */
    advancedSecurity: boolean;
  };
  /** Prod only: the table refuses deletion and the API refuses a `*` origin. */
  deletionProtection: boolean;
}

export interface RawStackConfig {
  /** The stack name, which is the stage: dev, stage or prod. */
  stack: string;
  /** Every config value of the stack, as `pulumi.runtime.allConfig()` returns it. */
  values: Readonly<Record<string, string | undefined>>;
}

/** Thrown for a config that cannot be deployed; the message names every bad key. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid stack configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const SECRET_KEYS = ['ntfyToken', 'apiToken'];

/** Whole-number settings: the variable whose parser checks it, or the range AWS allows. */
const INTEGER_KEYS = {
  logRetentionDays: [1, 3653],
  messageTtlDays: 'MESSAGE_TTL_DAYS',
  processorMemoryMb: [128, 10_240],
  processorTimeoutSeconds: [1, 900],
  processorBatchSize: [1, 10_000],
  processorBatchingWindowSeconds: [0, 300],
  processorMaxConcurrency: [2, 1_000],
  processorLeaseSeconds: 'PROCESSING_LEASE_SECONDS',
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
  apiThrottleBurst: [1, 5_000],
  apiThrottleRate: [1, 10_000],
  sweepStaleAfterMinutes: 'STALE_AFTER_MINUTES',
  sweepLimit: 'SWEEP_LIMIT',
} as const satisfies Record<string, readonly [number, number] | IntegerVariable>;
type IntegerKey = keyof typeof INTEGER_KEYS;
type IntegerVariable = 'MESSAGE_TTL_DAYS' | 'PROCESSING_LEASE_SECONDS' | 'MAX_RECEIVE_COUNT' | 'STALE_AFTER_MINUTES' | 'SWEEP_LIMIT';

const STRING_KEYS = ['ntfyUrl', 'logLevel', 'alarmEmail', 'sweepExpression', 'signInDomainPrefix', 'signInAdvancedSecurity'] as const;
const LIST_KEYS = ['schedules', 'corsOrigins', 'signInCallbackUrls', 'signInLogoutUrls'] as const;
const KNOWN_KEYS = new Set<string>([...Object.keys(INTEGER_KEYS), ...STRING_KEYS, ...LIST_KEYS, ...SECRET_KEYS, ...GUARD_KEYS]);

const key = (name: string) => `${PROJECT}:${name}`;

export function parseStackConfig(raw: RawStackConfig): StackConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => raw.values[key(name)];

  for (const name of Object.keys(raw.values)) {
    if (name.startsWith(`${PROJECT}:`) && !KNOWN_KEYS.has(name.slice(PROJECT.length + 1))) {
      problems.push(`${name} is not a setting of this project (known: ${[...KNOWN_KEYS].sort().join(', ')})`);
    }
  }

  const stage = STAGES.find((candidate) => candidate === raw.stack);
  if (!stage) problems.push(`the stack name "${raw.stack}" must be a stage: ${STAGES.join(', ')}`);

  const region = raw.values['aws:region'];
  if (!region) {
    problems.push('aws:region is required (pulumi config set aws:region eu-west-1)');
  } else if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(region)) {
    problems.push(`aws:region "${region}" is not an AWS region such as eu-west-1`);
  }

  /** The value checked by `parse`, or `fallback` after naming the problem (core's parsers say what is wrong). */
  const checked = <T>(name: string, text: string, parse: (raw: string) => T, fallback: T): T => {
    try {
      return parse(text);
    } catch (error) {
      problems.push(`${key(name)} ${(error as Error).message}, got "${text}"`);
      return fallback;
    }
  };

  const integer = (name: IntegerKey): number => {
    const text = value(name);
    const rule: readonly [number, number] | IntegerVariable = INTEGER_KEYS[name];
    const parse = typeof rule === 'string' ? (raw: string): number => parseEnvValue(rule, raw) : PARSERS.integer(...rule);
    if (text === undefined || text === '') {
      problems.push(`${key(name)} is required (its default is declared in Pulumi.yaml)`);
      return 0;
    }
    return checked(name, text, parse, 0);
  };

  const ntfyUrl = value('ntfyUrl') ?? '';
  if (!ntfyUrl) {
    problems.push(`${key('ntfyUrl')} is required: the ntfy topic URL, e.g. https://ntfy.sh/<your-topic>`);
  } else if (checked('ntfyUrl', ntfyUrl, (raw) => parseEnvValue('NTFY_URL', raw), '') && stage === 'prod' && new URL(ntfyUrl).protocol !== 'https:') {
    problems.push(`${key('ntfyUrl')} must use https in prod`);
  }

  const logLevel = checked<LogLevel>('logLevel', value('logLevel') ?? 'info', (raw) => parseEnvValue('LOG_LEVEL', raw), 'info');

  const beforeRetention = problems.length;
  const logRetentionDays = integer('logRetentionDays');
  if (problems.length === beforeRetention && !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    problems.push(`${key('logRetentionDays')} ${logRetentionDays} is not a CloudWatch retention period (${LOG_RETENTION_DAYS.join(', ')})`);
  }

  const alarmEmail = value('alarmEmail') || undefined;
  if (alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail)) {
    problems.push(`${key('alarmEmail')} "${alarmEmail}" is not an e-mail address`);
  }

  const corsOrigins = parseJsonList(value('corsOrigins'), key('corsOrigins'), problems);
  for (const origin of corsOrigins) {
    if (origin === '*' && stage === 'prod') problems.push(`${key('corsOrigins')} must list the allowed origins in prod, not "*"`);
    try {
      PARSERS.origin(origin);
    } catch (error) {
      problems.push(`${key('corsOrigins')} entry ${(error as Error).message}`);
    }
  }
  if (stage === 'prod' && corsOrigins.length === 0) {
    problems.push(`${key('corsOrigins')} must list at least one origin in prod`);
  }

  const signInUrls = (name: 'signInCallbackUrls' | 'signInLogoutUrls'): string[] => {
    const urls = parseJsonList(value(name), key(name), problems);
    for (const url of urls) {
      // Cognito accepts http only for localhost; anything else must be https.
      const parsed = URL.parse(url);
      const local = parsed?.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(parsed.hostname);
      if (!parsed || (parsed.protocol !== 'https:' && !local)) problems.push(`${key(name)} entry "${url}" must be an https URL (or http://localhost)`);
    }
    return urls;
  };
  const domainPrefix = value('signInDomainPrefix') || undefined;
  if (domainPrefix && !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domainPrefix)) {
    problems.push(`${key('signInDomainPrefix')} "${domainPrefix}" must be lower-case letters, digits and hyphens (a Cognito domain prefix)`);
  }
  if (domainPrefix && /aws|amazon|cognito/.test(domainPrefix)) problems.push(`${key('signInDomainPrefix')} must not contain aws, amazon or cognito`);
  const advancedSecurity = value('signInAdvancedSecurity') ?? 'false';
  if (!['true', 'false'].includes(advancedSecurity)) problems.push(`${key('signInAdvancedSecurity')} must be true or false, got "${advancedSecurity}"`);
  const signIn = {
    callbackUrls: signInUrls('signInCallbackUrls'),
    logoutUrls: signInUrls('signInLogoutUrls'),
    ...(domainPrefix ? { domainPrefix } : {}),
    advancedSecurity: advancedSecurity === 'true',
  };

  let schedules: ScheduleDefinition[] = [...DEFAULT_SCHEDULES];
  const rawSchedules = value('schedules');
  if (rawSchedules !== undefined) {
    try {
      schedules = parseSchedules(JSON.parse(rawSchedules));
    } catch (error) {
      if (error instanceof ValidationError) {
        problems.push(...error.issues.map((issue) => `${key('schedules')}${issue.path}: ${issue.message}`));
      } else {
        problems.push(`${key('schedules')} is not valid JSON/YAML: ${(error as Error).message}`);
      }
    }
  }

  // EventBridge's own rules (core's parser: rate(0 minutes) and rate(1 minutes) are refused), and minutes only.
  const sweepExpression = value('sweepExpression') ?? '';
  const sweepProblem = /^rate\(\d+ minutes?\)$/.test(sweepExpression) ? expressionProblem(sweepExpression) : 'must be a rate in minutes, e.g. rate(5 minutes)';
  if (sweepProblem) problems.push(`${key('sweepExpression')} "${sweepExpression}": ${sweepProblem}`);
  const sweepEveryMinutes = Number(/^rate\((\d+) minutes?\)$/.exec(sweepExpression)?.[1] ?? 0);
  if (!sweepProblem && (sweepEveryMinutes < 1 || sweepEveryMinutes > 1440)) problems.push(`${key('sweepExpression')} "${sweepExpression}": must be at most a day`);

  const problemsBeforeProcessor = problems.length;
  const processor = {
    memoryMb: integer('processorMemoryMb'),
    timeoutSeconds: integer('processorTimeoutSeconds'),
    batchSize: integer('processorBatchSize'),
    batchingWindowSeconds: integer('processorBatchingWindowSeconds'),
    maxConcurrency: integer('processorMaxConcurrency'),
    leaseSeconds: integer('processorLeaseSeconds'),
  };
  if (processor.batchSize > 10 && processor.batchingWindowSeconds < 1) {
    problems.push(`${key('processorBatchingWindowSeconds')} must be at least 1 when processorBatchSize is over 10 (an SQS rule)`);
  }
  // Compared only when each of the three is valid by itself (a bad one has already been named).
  const processorProblems = problems.length;
  const visibility = visibilityTimeoutFor(processor.timeoutSeconds, processor.batchingWindowSeconds);
  if (processorProblems === problemsBeforeProcessor && processor.leaseSeconds > visibility) {
    problems.push(
      `${key('processorLeaseSeconds')} (${processor.leaseSeconds}) must not exceed the queue's visibility timeout (${visibility} s, 6 × processorTimeoutSeconds + the batching window), or a record would come back while its lease still holds and burn its receives`,
    );
  }
  if (processorProblems === problemsBeforeProcessor && processor.leaseSeconds < processor.timeoutSeconds) {
    problems.push(
      `${key('processorLeaseSeconds')} (${processor.leaseSeconds}) must be at least processorTimeoutSeconds (${processor.timeoutSeconds}), or a running delivery could be taken over`,
    );
  }

  const config: StackConfig = {
    stage: stage ?? 'dev',
    region: region ?? '',
    ntfyUrl,
    schedules,
    corsOrigins,
    logLevel,
    logRetentionDays,
    messageTtlDays: integer('messageTtlDays'),
    ...(alarmEmail ? { alarmEmail } : {}),
    processor,
    maxReceiveCount: integer('maxReceiveCount'),
    api: { throttleBurst: integer('apiThrottleBurst'), throttleRate: integer('apiThrottleRate') },
    sweep: { expression: sweepExpression, everyMinutes: sweepEveryMinutes, staleAfterMinutes: integer('sweepStaleAfterMinutes'), limit: integer('sweepLimit') },
    signIn,
    deletionProtection: stage === 'prod',
  };
  if (stage) problems.push(...deploymentProblems(raw.values, stage));
  if (problems.length) throw new StackConfigError(problems);
  return config;
}

function parseJsonList(text: string | undefined, name: string, problems: string[]): string[] {
  if (text === undefined || text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${name} must be a YAML list of strings`);
    return [];
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    problems.push(`${name} must be a YAML list of strings`);
    return [];
  }
  return parsed;
}

/**
 * AWS's rule for a Lambda-fed queue: the visibility timeout is at least six times the function
 * timeout (plus the batching window), so a record is not redelivered while a retried invocation
 * may still hold it.
 */
export const visibilityTimeoutFor = (timeoutSeconds: number, batchingWindowSeconds: number): number =>
  6 * timeoutSeconds + batchingWindowSeconds;

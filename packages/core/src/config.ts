import { defaultTableName, FUNCTIONS, type FunctionName } from './deployment';
import { ConfigError } from './errors';
import { DEFAULT_TTL_DAYS, STAGES, type Stage } from './message/message';

/**
 * Every environment variable a function may read, defined once: its parser and its default.
 * The registry (deployment.ts) lists the names each function reads and `loadFunctionConfig`
 * reads exactly those; a missing or malformed value fails at cold start with one error naming
 * every bad variable. The parsers are exported so the stack's config and the sandbox's settings
 * check their values with the very same rules.
 */

type Env = Readonly<Record<string, string | undefined>>;
type Parse<T> = (raw: string) => T;

interface VariableSpec<T> {
  parse: Parse<T>;
  /** Used when unset or empty; a function of the env for derived defaults. Absent = required. */
  fallback?: T | ((env: Env) => T);
  /** Optional variables may stay unset (the value is then undefined). */
  optional?: true;
  /** Who sets it when not the stack: Lambda itself, only local runs (plain secrets), or only the sandbox (not a secret). */
  setBy?: 'lambda' | 'local' | 'sandbox';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function oneOf<const T extends readonly string[]>(allowed: T): Parse<T[number]> {
  return (raw) => {
    if (!(allowed as readonly string[]).includes(raw)) throw new Error(`must be one of ${allowed.join(', ')}`);
    return raw;
  };
}

const text: Parse<string> = (raw) => raw;

function integer(min: number, max: number): Parse<number> {
  return (raw) => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new Error(`must be an integer from ${min} to ${max}`);
    return Number(raw);
  };
}

function url(protocols: readonly string[]): Parse<string> {
  return (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error('must be an absolute URL');
    }
    if (!protocols.includes(parsed.protocol)) throw new Error(`must be a ${protocols.join(' or ')} URL`);
    return raw;
  };
}

function arn(service: string): Parse<string> {
  return (raw) => {
    if (!new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:.+$`).test(raw)) {
      throw new Error(`must be an ${service.toUpperCase()} ARN`);
    }
    return raw;
  };
}

/** One browser origin (scheme, host, port; no path), or `*`. */
const origin: Parse<string> = (raw) => {
  if (raw !== '*' && !/^https?:\/\/[^/\s]+$/.test(raw)) throw new Error(`"${raw}" is not an origin like https://app.example.com`);
  return raw;
};

const originList: Parse<string[]> = (raw) => raw.split(',').map((entry) => entry.trim()).filter(Boolean).map(origin);

/** An ntfy publish URL, which names its topic: https://ntfy.sh/<topic>. */
const ntfyTopicUrl: Parse<string> = (raw) => {
  const parsed = URL.parse(raw);
  if (parsed === null || !['http:', 'https:'].includes(parsed.protocol) || parsed.pathname.length < 2) {
    throw new Error('must be an ntfy topic URL like https://ntfy.sh/<your-topic>');
  }
  return raw;
};

/** The parsers behind ENV_VARS, for settings that are checked like a variable but are not one. */
export const PARSERS = { oneOf, text, integer, url, arn, origin, originList, ntfyTopicUrl } as const;

const scopeList: Parse<string[]> = (raw) => {
  const scopes = raw.split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) throw new Error('must include openid');
  return scopes;
};

const stageOf = (env: Env): Stage => (STAGES as readonly string[]).includes(env.STAGE ?? '') ? (env.STAGE as Stage) : 'dev';

const spec = <T>(s: Omit<VariableSpec<T>, 'optional'>): VariableSpec<T> => s;
const optional = <T>(parse: Parse<T>, setBy?: 'local' | 'sandbox'): VariableSpec<T> & { optional: true } => ({ parse, optional: true, ...(setBy ? { setBy } : {}) });

export const ENV_VARS = {
  STAGE: spec<Stage>({ parse: oneOf(STAGES), fallback: 'dev' }),
  /** Lambda sets it; the stack must not. */
  AWS_REGION: spec({ parse: text, fallback: 'us-east-1', setBy: 'lambda' }),
  DYNAMODB_TABLE_NAME: spec({ parse: text, fallback: (env) => defaultTableName(stageOf(env)) }),
  SNS_TOPIC_ARN: spec({ parse: arn('sns') }),
  /** The processor's queue, written to directly for scheduled messages' delayed records. */
  SQS_QUEUE_URL: spec({ parse: url(['https:', 'http:']) }),
  NTFY_URL: spec({ parse: url(['https:', 'http:']) }),
  /** Plain token, for local runs. In AWS the token lives in SSM: see NTFY_TOKEN_PARAMETER. */
  NTFY_TOKEN: optional(text, 'local'),
  NTFY_TOKEN_PARAMETER: optional(text),
  NTFY_TIMEOUT_MS: spec({ parse: integer(100, 60_000), fallback: 10_000 }),
  NTFY_MAX_ATTEMPTS: spec({ parse: integer(1, 10), fallback: 3 }),
  /** Plain API token, for local runs. In AWS it lives in SSM: see REZ_API_TOKEN_PARAMETER. */
  REZ_API_TOKEN: optional(text, 'local'),
  REZ_API_TOKEN_PARAMETER: optional(text),
  CORS_ALLOWED_ORIGINS: spec({ parse: originList, fallback: [] }),
  /** The OIDC issuer whose access tokens the API accepts (Cognito: https://cognito-idp.<region>.amazonaws.com/<pool id>). */
  OIDC_ISSUER: optional(url(['https:', 'http:'])),
  /** The app client whose tokens are accepted (Cognito's `client_id` claim, else `aud`). */
  OIDC_CLIENT_ID: optional(text),
  /** Where the issuer publishes its keys; unset: Cognito's place, `<issuer>/.well-known/jwks.json`. */
  OIDC_JWKS_URL: optional(url(['https:', 'http:']), 'sandbox'),
  /** The claim listing the user's groups, and the group whose members may change things. */
  OIDC_GROUPS_CLAIM: spec({ parse: text, fallback: 'cognito:groups' }),
  OIDC_OPERATOR_GROUP: spec({ parse: text, fallback: 'operators' }),
  /** The scopes the console asks for (space- or comma-separated). */
  OIDC_SCOPES: spec({ parse: scopeList, fallback: ['openid', 'email', 'profile'] }),
  LOG_LEVEL: spec<LogLevel>({ parse: oneOf(LOG_LEVELS), fallback: 'info' }),
  MESSAGE_TTL_DAYS: spec({ parse: integer(1, 3650), fallback: DEFAULT_TTL_DAYS }),
  /** The queue's redrive maxReceiveCount: the processor's last receive. */
  MAX_RECEIVE_COUNT: spec({ parse: integer(1, 1000), fallback: 3 }),
  /** A processing lease older than this may be taken over by another worker. */
  PROCESSING_LEASE_SECONDS: spec({ parse: integer(1, 86_400), fallback: 120 }),
  /** Records of one batch handled at once. */
  PROCESSOR_CONCURRENCY: spec({ parse: integer(1, 100), fallback: 10 }),
  /** Messages waiting in created/queued longer than this are republished by the sweep. */
  STALE_AFTER_MINUTES: spec({ parse: integer(1, 10_080), fallback: 15 }),
  /** At most this many stuck messages are republished per sweep run. */
  SWEEP_LIMIT: spec({ parse: integer(1, 1000), fallback: 100 }),
  /** The per-minute tick also runs the stuck-message sweep on every this-many-th minute. */
  SWEEP_EVERY_MINUTES: spec({ parse: integer(1, 1440), fallback: 5 }),
} as const;

export type EnvVarName = keyof typeof ENV_VARS;

type ValueOf<K extends EnvVarName> =
  (typeof ENV_VARS)[K] extends VariableSpec<infer T>
    ? (typeof ENV_VARS)[K] extends { optional: true }
      ? T | undefined
      : T
    : never;

export type Config<K extends EnvVarName> = { readonly [P in K]: ValueOf<P> };

export interface StageHelpers {
  readonly isDevelopment: boolean;
  readonly isStaging: boolean;
  readonly isProduction: boolean;
}

/**
 * Reads and checks the named variables. Throws one ConfigError listing every missing or
 * malformed one. STAGE is always read, for the stage helpers.
 */
export function loadConfig<const K extends EnvVarName>(names: readonly K[], env: Env = process.env): Config<K | 'STAGE'> & StageHelpers {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const name of new Set<EnvVarName>(['STAGE', ...names])) {
    const variable = ENV_VARS[name] as VariableSpec<unknown>;
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if ('fallback' in variable) {
        values[name] = typeof variable.fallback === 'function' ? (variable.fallback as (e: Env) => unknown)(env) : variable.fallback;
      } else if (!variable.optional) {
        problems.push(`${name} is required`);
      }
      continue;
    }
    try {
      values[name] = variable.parse(raw);
    } catch (error) {
      problems.push(`${name} ${(error as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const stage = values.STAGE as Stage;
  const helpers: StageHelpers = { isDevelopment: stage === 'dev', isStaging: stage === 'stage', isProduction: stage === 'prod' };
  return Object.freeze({ ...values, ...helpers }) as Config<K | 'STAGE'> & StageHelpers;
}

/** One variable's value checked by its parser; throws an Error whose message says what is wrong. */
export function parseEnvValue<K extends EnvVarName>(name: K, raw: string): Exclude<ValueOf<K>, undefined> {
  return (ENV_VARS[name] as VariableSpec<unknown>).parse(raw) as Exclude<ValueOf<K>, undefined>;
}

/** A variable's fixed default, used when it is unset (a derived default needs the env: none here). */
export function envDefault<K extends EnvVarName>(name: K): Exclude<ValueOf<K>, undefined> {
  const { fallback } = ENV_VARS[name] as VariableSpec<unknown>;
  if (fallback === undefined || typeof fallback === 'function') throw new Error(`${name} has no fixed default`);
  return fallback as Exclude<ValueOf<K>, undefined>;
}

/** What the stack sets on the webapi for sign-in (the Cognito pool's claim, group and scopes): the variables' defaults. */
export const signInDefaults = (): { groupsClaim: string; operatorGroup: string; scopes: readonly string[] } => ({
  groupsClaim: envDefault('OIDC_GROUPS_CLAIM'),
  operatorGroup: envDefault('OIDC_OPERATOR_GROUP'),
  scopes: envDefault('OIDC_SCOPES'),
});

/** The variables a function reads, as the registry lists them. */
export type FunctionEnvVar<F extends FunctionName> = (typeof FUNCTIONS)[F]['environment'][number];
export type FunctionConfig<F extends FunctionName> = Config<FunctionEnvVar<F> | 'STAGE'> & StageHelpers;

/**
 * A function's config loader: exactly the variables the registry lists for it, plus its
 * "one of these" rules. The stack's tests run it on the environment the stack declares.
 */
export function loadFunctionConfig<F extends FunctionName>(fn: F, env: Env = process.env): FunctionConfig<F> {
  const definition: { environment: readonly EnvVarName[]; requireOneOf?: readonly (readonly EnvVarName[])[] } = FUNCTIONS[fn];
  const config = loadConfig(definition.environment, env);
  const values = config as unknown as Record<string, unknown>;
  const missing = (definition.requireOneOf ?? []).filter((names) => names.every((name) => values[name] === undefined));
  if (missing.length) throw new ConfigError(missing.map((names) => `${names.join(' or ')} is required`));
  return config;
}

/** The variables of a function that the stack must set, STAGE included (Lambda sets AWS_REGION; plain tokens are local only). */
export function stackSetVariables(fn: FunctionName): { required: EnvVarName[]; optional: EnvVarName[] } {
  const names = [...new Set<EnvVarName>(['STAGE', ...FUNCTIONS[fn].environment])].filter((name) => !(ENV_VARS[name] as VariableSpec<unknown>).setBy);
  const isOptional = (name: EnvVarName) => (ENV_VARS[name] as VariableSpec<unknown>).optional === true;
  return { required: names.filter((name) => !isOptional(name)), optional: names.filter((name) => isOptional(name)) };
}

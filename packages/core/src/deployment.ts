import type { EnvVarName } from './config';
import type { Stage } from './message/message';

/**
 * The registry of what is deployed, written once: every function (name, bundle, the variables it
 * reads, default memory and timeout) and the names of the stage's resources. The Pulumi program,
 * the sandbox, the emulators (through the sandbox) and the bundler read it. It has only type
 * imports, so `scripts/bundle-function.mjs` can import this file with Node's type stripping.
 */

export const PROJECT = 'rez-agent';

export const FUNCTION_NAMES = ['scheduler', 'processor', 'webapi', 'stream'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface DeployedFunction {
  description: string;
  /** The workspace package (`packages/<package>`) whose `dist/` is the function's code. */
  package: string;
  /** The bundle `dist/<entry>.mjs`, built from `source` (relative to the package); it exports `handler`. */
  entry: string;
  source: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Every variable the function reads, by core's ENV_VARS names; its config loader reads exactly these. */
  environment: readonly EnvVarName[];
  /** Sets of variables of which at least one must be set (a plain local value or its SSM parameter). */
  requireOneOf?: readonly (readonly EnvVarName[])[];
}

export const FUNCTIONS = {
  scheduler: {
    description: 'The per-minute tick: releases due messages, fires due schedules, republishes stuck messages',
    package: 'scheduler',
    entry: 'index',
    source: 'src/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    environment: [
      'AWS_REGION',
      'DYNAMODB_TABLE_NAME',
      'SNS_TOPIC_ARN',
      // Due scheduled messages go straight to the queue with their delay.
      'SQS_QUEUE_URL',
      'LOG_LEVEL',
      'MESSAGE_TTL_DAYS',
      'STALE_AFTER_MINUTES',
      'SWEEP_LIMIT',
      'SWEEP_EVERY_MINUTES',
      'PROCESSING_LEASE_SECONDS',
    ],
  },
  processor: {
    description: 'Delivers queued messages to ntfy',
    package: 'processor',
    entry: 'index',
    source: 'src/handler.ts',
    // Defaults only: the stack sizes the processor from rez-agent:processorMemoryMb/TimeoutSeconds.
    memoryMb: 256,
    timeoutSeconds: 60,
    environment: [
      'AWS_REGION',
      'DYNAMODB_TABLE_NAME',
      // A scheduled message's record that came early goes back with the delay left.
      'SQS_QUEUE_URL',
      'NTFY_URL',
      'NTFY_TOKEN',
      'NTFY_TOKEN_PARAMETER',
      'NTFY_TIMEOUT_MS',
      'NTFY_MAX_ATTEMPTS',
      'LOG_LEVEL',
      'MAX_RECEIVE_COUNT',
      'PROCESSING_LEASE_SECONDS',
      'PROCESSOR_CONCURRENCY',
    ],
  },
  webapi: {
    description: 'The HTTP API: messages (list, create, inspect, cancel, retry) and schedules',
    package: 'webapi',
    entry: 'index',
    source: 'src/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 15,
    environment: [
      'AWS_REGION',
      'DYNAMODB_TABLE_NAME',
      'SNS_TOPIC_ARN',
      // Scheduled messages due within 15 minutes go straight to the queue with their delay.
      'SQS_QUEUE_URL',
      'REZ_API_TOKEN',
      'REZ_API_TOKEN_PARAMETER',
      'LOG_LEVEL',
      'MESSAGE_TTL_DAYS',
      // Sign-in: people's OIDC access tokens (Cognito in the stack, a local provider in the sandbox).
      'OIDC_ISSUER',
      'OIDC_CLIENT_ID',
      'OIDC_JWKS_URL',
      'OIDC_GROUPS_CLAIM',
      'OIDC_OPERATOR_GROUP',
      'OIDC_SCOPES',
    ],
    // Without a token every call would be refused: fail at cold start instead.
    requireOneOf: [['REZ_API_TOKEN', 'REZ_API_TOKEN_PARAMETER']],
  },
  stream: {
    description: 'Counts the metrics off the table stream, TTL deletions included',
    package: 'stream',
    entry: 'index',
    source: 'src/handler.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    environment: ['AWS_REGION', 'DYNAMODB_TABLE_NAME', 'LOG_LEVEL'],
  },
} as const satisfies Record<FunctionName, DeployedFunction>;

/** Lambda's `handler` setting: the bundle file's name and its export. */
export const functionHandler = (fn: FunctionName): string => `${FUNCTIONS[fn].entry}.handler`;

/** The function's bundle, relative to the repository root. */
export const bundleFile = (fn: FunctionName): string => `packages/${FUNCTIONS[fn].package}/dist/${FUNCTIONS[fn].entry}.mjs`;

/** The functions built from one package, as the bundler sees them. */
export const functionsOfPackage = (pkg: string): FunctionName[] => FUNCTION_NAMES.filter((fn) => FUNCTIONS[fn].package === pkg);

/** The secrets kept in SSM Parameter Store; the functions get only the parameter names. */
export type SecretName = 'api-token' | 'ntfy-token';

/** The names of one stage's resources: the topic, the queues, the table, the functions, the rest. */
export interface StageNames {
  /** `rez-agent-<stage>`, which every other name but the table's and the parameters' starts with. */
  prefix: string;
  table: string;
  topic: string;
  queue: string;
  deadLetterQueue: string;
  /** Batches of table-stream records the stream function gave up on (their metadata). */
  streamFailureQueue: string;
  /** Tick invocations EventBridge Scheduler or Lambda gave up on. */
  scheduleDeadLetterQueue: string;
  function: (fn: FunctionName) => string;
  parameter: (secret: SecretName) => string;
  /** `rez-agent-<stage>-<suffix>`, for what only the stack names (alarms, roles, the API, schedule groups). */
  resource: (suffix: string) => string;
}

export function stageNames(stage: Stage): StageNames {
  const prefix = `${PROJECT}-${stage}`;
  const resource = (suffix: string) => `${prefix}-${suffix}`;
  return {
    prefix,
    table: `${PROJECT}-messages-${stage}`,
    topic: resource('messages'),
    queue: resource('messages'),
    deadLetterQueue: resource('messages-dlq'),
    streamFailureQueue: resource('stream-failures'),
    scheduleDeadLetterQueue: resource('schedules-dlq'),
    function: (fn) => resource(fn),
    parameter: (secret) => `/${PROJECT}/${stage}/${secret}`,
    resource,
  };
}

/** The table a function uses when DYNAMODB_TABLE_NAME is unset (tests, the sandbox). */
export const defaultTableName = (stage: Stage): string => stageNames(stage).table;

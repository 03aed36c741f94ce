import type { FunctionEnvVar } from '@rez-agent/core';
import type { FunctionName } from './lambda-function';
import type { Settings } from './settings';

export interface Endpoints {
  region: string;
  tableName: string;
  dynamoDbEndpoint: string;
  messagingEndpoint: string;
  topicArn: string;
  /** The processor's queue, on 127.0.0.1, for the delayed records of scheduled messages. */
  queueUrl: string;
  ntfyUrl: string;
  apiUrl: string;
  /** The local OIDC provider whose access tokens the webapi accepts. */
  oidc: { issuer: string; jwksUrl: string; clientId: string };
}

/** The SDK's own variables, which no function reads through core's config. */
type SdkVariable =
  | 'AWS_DEFAULT_REGION'
  | 'AWS_ENDPOINT_URL_DYNAMODB'
  | 'AWS_ENDPOINT_URL_SNS'
  | 'AWS_ENDPOINT_URL_SQS'
  | 'AWS_ACCESS_KEY_ID'
  | 'AWS_SECRET_ACCESS_KEY'
  | 'AWS_SESSION_TOKEN'
  | 'AWS_PROFILE';

/** Every variable a sandboxed function reads (core's registry): a new one is a compile error here. */
export type FunctionEnvironment = Record<FunctionEnvVar<FunctionName> | 'STAGE' | SdkVariable, string | undefined>;

/**
 * What the sandboxed functions read, pointed at the local emulators, as the stack sets them,
 * except that the tokens are plain values (no SSM locally) and Lambda's AWS_REGION is the
 * sandbox's region. Unset ones are removed, so the functions take core's defaults as on AWS.
 */
export function functionEnvironment(settings: Settings, endpoints: Endpoints): FunctionEnvironment {
  return {
    STAGE: settings.stage,
    LOG_LEVEL: settings.logLevel,
    AWS_REGION: endpoints.region,
    AWS_DEFAULT_REGION: endpoints.region,
    // The SDK reads per-service endpoints from these; the emulators ignore the credentials.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SNS: endpoints.messagingEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.messagingEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    DYNAMODB_TABLE_NAME: endpoints.tableName,
    SNS_TOPIC_ARN: endpoints.topicArn,
    SQS_QUEUE_URL: endpoints.queueUrl,
    NTFY_URL: endpoints.ntfyUrl,
    NTFY_TOKEN: settings.ntfyToken,
    NTFY_TOKEN_PARAMETER: undefined,
    NTFY_TIMEOUT_MS: String(settings.ntfyTimeoutMs),
    NTFY_MAX_ATTEMPTS: String(settings.ntfyMaxAttempts),
    REZ_API_TOKEN: settings.apiToken,
    REZ_API_TOKEN_PARAMETER: undefined,
    // The stack's defaults (core's), as the stack gives them.
    MESSAGE_TTL_DAYS: undefined,
    PROCESSOR_CONCURRENCY: undefined,
    SWEEP_LIMIT: undefined,
    OIDC_ISSUER: endpoints.oidc.issuer,
    OIDC_CLIENT_ID: endpoints.oidc.clientId,
    OIDC_JWKS_URL: endpoints.oidc.jwksUrl,
    // The group claim, operator group and scopes: core's defaults, as the stack's Cognito uses them.
    OIDC_GROUPS_CLAIM: undefined,
    OIDC_OPERATOR_GROUP: undefined,
    OIDC_SCOPES: undefined,
    MAX_RECEIVE_COUNT: String(settings.maxReceiveCount),
    PROCESSING_LEASE_SECONDS: String(settings.processingLeaseSeconds),
    STALE_AFTER_MINUTES: String(settings.staleAfterMinutes),
    // Every tick sweeps: locally a restart should recover stuck messages within a tick.
    SWEEP_EVERY_MINUTES: '1',
  };
}

/** Sets (or, for undefined, removes) each variable in process.env, where the bundles read them. */
export function applyEnvironment(variables: Partial<FunctionEnvironment>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

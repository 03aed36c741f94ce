import type { Settings } from './settings';

export interface Endpoints {
  region: string;
  tableName: string;
  dynamoDbEndpoint: string;
  messagingEndpoint: string;
  topicArn: string;
  queueUrl: string;
  ntfyUrl: string;
  apiUrl: string;
}

/**
 * The environment the Pulumi stack gives the functions, pointed at the local emulators. Names
 * are core's ENV_VARS; the token values are given in plain text (no SSM locally).
 */
export function functionEnvironment(settings: Settings, endpoints: Endpoints): Record<string, string | undefined> {
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
    REZ_API_TOKEN: settings.apiToken,
    REZ_API_TOKEN_PARAMETER: undefined,
    MAX_RECEIVE_COUNT: String(settings.maxReceiveCount),
    PROCESSING_LEASE_SECONDS: String(settings.processingLeaseSeconds),
    // Locally a message waiting a minute is already stuck; the stack waits 15.
    STALE_AFTER_MINUTES: process.env.STALE_AFTER_MINUTES || '1',
  };
}

/** Sets (or, for undefined, removes) each variable in process.env, where the bundles read them. */
export function applyEnvironment(variables: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ConfigError,
  DynamoDbMessageRepository,
  SnsMessagePublisher,
  createLogger,
  lazySecret,
  loadConfig,
  ssmSecretStore,
  systemClock,
  ulidGenerator,
} from '@rez-agent/core';
import { bearerTokenAuthenticator } from './http/auth';
import type { WebApiDeps, WebApiIo } from './types';

export const WEBAPI_ENV = [
  'AWS_REGION',
  'DYNAMODB_TABLE_NAME',
  'SNS_TOPIC_ARN',
  'REZ_API_TOKEN',
  'REZ_API_TOKEN_PARAMETER',
  'LOG_LEVEL',
  'MESSAGE_TTL_DAYS',
] as const;

/**
 * The real dependencies, built once per cold start: config checked, SDK clients constructed.
 * Nothing here touches the network; the API token is read from SSM on the first request that
 * needs it.
 */
export function buildDependencies(env: NodeJS.ProcessEnv = process.env, io: WebApiIo = {}): WebApiDeps {
  const config = loadConfig(WEBAPI_ENV, env);
  // Fail at cold start, not on the first request: without a token every call would be refused.
  if (!config.REZ_API_TOKEN && !config.REZ_API_TOKEN_PARAMETER) {
    throw new ConfigError(['REZ_API_TOKEN or REZ_API_TOKEN_PARAMETER is required']);
  }
  const region = config.AWS_REGION;
  const documentClient = io.dynamo ?? DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
  const readToken = lazySecret({
    value: config.REZ_API_TOKEN,
    parameterName: config.REZ_API_TOKEN_PARAMETER,
    store: io.secrets ?? ssmSecretStore(new SSMClient({ region })),
  });
  // The logger blanks the token wherever it appears, also once it has come from SSM.
  const secrets = new Set<string>();
  const token = async () => {
    const value = await readToken();
    if (value) secrets.add(value);
    return value;
  };
  return {
    repository: new DynamoDbMessageRepository({ client: documentClient, tableName: config.DYNAMODB_TABLE_NAME }),
    publisher: new SnsMessagePublisher({ client: io.sns ?? new SNSClient({ region }), topicArn: config.SNS_TOPIC_ARN }),
    authenticate: bearerTokenAuthenticator(token),
    logger: createLogger({
      functionName: 'webapi',
      stage: config.STAGE,
      level: config.LOG_LEVEL,
      secrets,
      ...(io.logDestination ? { destination: io.logDestination } : {}),
    }),
    clock: io.clock ?? systemClock,
    ids: ulidGenerator(),
    stage: config.STAGE,
    ttlDays: config.MESSAGE_TTL_DAYS,
  };
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ConfigError,
  DynamoDbMessageRepository,
  DynamoDbScheduleRepository,
  FUNCTIONS,
  SnsMessagePublisher,
  SqsDeliveryQueue,
  createLogger,
  lazySecret,
  loadFunctionConfig,
  ssmSecretStore,
  systemClock,
  ulidGenerator,
  type FunctionConfig,
} from '@rez-agent/core';
import { accessTokenVerifier } from './http/access-token-verifier';
import { apiDocsFrom } from './http/api-docs';
import { bearerAuthenticator, type SignInAuthentication } from './http/auth';
import { directoryConsoleAssets } from './static/console-assets';
import type { SignInSettings, WebApiDeps, WebApiIo } from './types';

/** The variables the webapi reads, as the deployment registry lists them. */
export const WEBAPI_ENV = FUNCTIONS.webapi.environment;


/** Sign-in is on when an issuer is configured; it then needs its client. Key set fetched on first use. */
function signInOf(config: FunctionConfig<'webapi'>): { settings: SignInSettings; authentication: SignInAuthentication } | undefined {
  if (!config.OIDC_ISSUER) return undefined;
  if (!config.OIDC_CLIENT_ID) throw new ConfigError(['OIDC_CLIENT_ID is required when OIDC_ISSUER is set']);
  const verify = accessTokenVerifier({
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    groupsClaim: config.OIDC_GROUPS_CLAIM,
    ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}),
  });
  return {
    settings: { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, scopes: config.OIDC_SCOPES },
    authentication: { verify, operatorGroup: config.OIDC_OPERATOR_GROUP },
  };
}

/**
 * The real dependencies, built once per cold start: config checked, SDK clients constructed.
 * Nothing here touches the network; the API token is read from SSM on the first request that
 * needs it, the issuer's keys on the first request with an access token.
 */
export function buildDependencies(env: NodeJS.ProcessEnv = process.env, io: WebApiIo = {}): WebApiDeps {
  // Also fails at cold start, not on the first request, without a token (the registry's rule).
  const config = loadFunctionConfig('webapi', env);
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
  const signIn = signInOf(config);
  return {
    repository: new DynamoDbMessageRepository({ client: documentClient, tableName: config.DYNAMODB_TABLE_NAME }),
    schedules: new DynamoDbScheduleRepository({ client: documentClient, tableName: config.DYNAMODB_TABLE_NAME }),
    publisher: new SnsMessagePublisher({ client: io.sns ?? new SNSClient({ region }), topicArn: config.SNS_TOPIC_ARN }),
    queue: new SqsDeliveryQueue({ client: io.sqs ?? new SQSClient({ region }), queueUrl: config.SQS_QUEUE_URL }),
    authenticate: bearerAuthenticator({ apiToken: token, ...(signIn ? { signIn: signIn.authentication } : {}) }),
    ...(signIn ? { signIn: signIn.settings } : {}),
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
    // In the bundle, import.meta.url is dist/index.mjs: the build puts the contract beside it.
    apiDocs: apiDocsFrom(io.apiDocsDirectory ?? new URL('./api-docs/', import.meta.url)),
    // The build puts the console beside the bundle (dist/console/); read on first use, not here.
    consoleAssets: io.consoleAssets ?? directoryConsoleAssets(new URL('./console/', import.meta.url)),
  };
}

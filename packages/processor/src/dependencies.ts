import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMessageRepository, FUNCTIONS, NtfyNotifier, SqsDeliveryQueue, createLogger, lazySecret, loadFunctionConfig, ssmSecretStore, systemClock } from '@rez-agent/core';
import type { DeliverySession, ProcessorDeps, ProcessorIo } from './types';

/** Every variable the processor reads, as the deployment registry lists them. */
export const PROCESSOR_ENV = FUNCTIONS.processor.environment;

/** Enough to write one DynamoDB outcome (with SDK retries) after a send is cut short. */
export const DEADLINE_MARGIN_MS = 3_000;

/**
 * Builds the processor's dependencies once per cold start, without any I/O: a bad variable fails
 * here, naming every one; SDK clients make no request until used. The ntfy token (a plain
 * NTFY_TOKEN, or the SSM parameter NTFY_TOKEN_PARAMETER) is resolved on the first batch, and
 * the notifier and a logger that blanks the token are built then, once.
 */
export function buildDependencies(env: NodeJS.ProcessEnv = process.env, io: ProcessorIo = {}): ProcessorDeps {
  const config = loadFunctionConfig('processor', env);
  const dynamo = io.dynamo ?? DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }));
  const secrets = io.secrets ?? ssmSecretStore(new SSMClient({ region: config.AWS_REGION }));
  const logging = { functionName: 'processor', stage: config.STAGE, level: config.LOG_LEVEL, destination: io.logDestination };
  const token = lazySecret({ value: config.NTFY_TOKEN, parameterName: config.NTFY_TOKEN_PARAMETER, store: secrets });
  let session: Promise<DeliverySession> | undefined;
  const openSession = async (): Promise<DeliverySession> => {
    const secret = await token();
    return {
      notifier: new NtfyNotifier({
        url: config.NTFY_URL,
        token: secret,
        timeoutMs: config.NTFY_TIMEOUT_MS,
        maxAttempts: config.NTFY_MAX_ATTEMPTS,
        ...(io.fetch ? { fetch: io.fetch } : {}),
      }),
      logger: createLogger({ ...logging, secrets: [secret] }),
    };
  };
  return {
    repository: new DynamoDbMessageRepository({ client: dynamo, tableName: config.DYNAMODB_TABLE_NAME }),
    clock: io.clock ?? systemClock,
    // The processor's own queue: an early scheduled record goes back with the delay left.
    queue: new SqsDeliveryQueue({ client: io.sqs ?? new SQSClient({ region: config.AWS_REGION }), queueUrl: config.SQS_QUEUE_URL }),
    settings: {
      maxReceiveCount: config.MAX_RECEIVE_COUNT,
      leaseSeconds: config.PROCESSING_LEASE_SECONDS,
      concurrency: config.PROCESSOR_CONCURRENCY,
      deadlineMarginMs: DEADLINE_MARGIN_MS,
    },
    logger: createLogger(logging),
    session: () => {
      // A failed read is not kept: the next batch tries again.
      session ??= openSession().catch((error: unknown) => {
        session = undefined;
        throw error;
      });
      return session;
    },
  };
}

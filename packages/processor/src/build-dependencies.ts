import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoDbMessageRepository,
  NtfyNotifier,
  createLogger,
  lazySecret,
  systemClock,
  type Clock,
  type Config,
  type LoggerOptions,
  type SecretStore,
} from '@rez-agent/core';
import type { DeliverySession, ProcessorDependencies } from './processor-dependencies';

/** Every variable the processor reads; the stack sets exactly these. */
export const PROCESSOR_ENV = [
  'AWS_REGION',
  'DYNAMODB_TABLE_NAME',
  'NTFY_URL',
  'NTFY_TOKEN',
  'NTFY_TOKEN_PARAMETER',
  'NTFY_TIMEOUT_MS',
  'NTFY_MAX_ATTEMPTS',
  'LOG_LEVEL',
  'MAX_RECEIVE_COUNT',
  'PROCESSING_LEASE_SECONDS',
  'PROCESSOR_CONCURRENCY',
] as const;

export type ProcessorConfig = Config<(typeof PROCESSOR_ENV)[number] | 'STAGE'>;

/** The outside world the processor talks to; tests point these at emulators. */
export interface ProcessorIo {
  dynamo: DynamoDBDocumentClient;
  /** Where NTFY_TOKEN_PARAMETER is read (SSM in AWS). */
  secrets: SecretStore;
  fetch?: typeof fetch;
  clock?: Clock;
  logDestination?: LoggerOptions['destination'];
}

/** Enough to write one DynamoDB outcome (with SDK retries) after a send is cut short. */
export const DEADLINE_MARGIN_MS = 3_000;

/**
 * Builds the processor's dependencies without any I/O: no SSM read, no request. The ntfy
 * token (a plain NTFY_TOKEN, or the SSM parameter NTFY_TOKEN_PARAMETER) is resolved on the
 * first batch, and the notifier and a logger that blanks the token are built then, once.
 */
export function buildDependencies(config: ProcessorConfig, io: ProcessorIo): ProcessorDependencies {
  const logging = { functionName: 'processor', stage: config.STAGE, level: config.LOG_LEVEL, destination: io.logDestination };
  const token = lazySecret({ value: config.NTFY_TOKEN, parameterName: config.NTFY_TOKEN_PARAMETER, store: io.secrets });
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
    repository: new DynamoDbMessageRepository({ client: io.dynamo, tableName: config.DYNAMODB_TABLE_NAME }),
    clock: io.clock ?? systemClock,
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

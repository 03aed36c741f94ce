import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMetricsLedger, FUNCTIONS, createLogger, loadFunctionConfig, systemClock } from '@rez-agent/core';
import type { StreamDeps, StreamIo } from './types';

/** The variables the stream function reads, as the deployment registry lists them. */
export const STREAM_ENV = FUNCTIONS.stream.environment;

/**
 * The stream function's adapters, built once per cold start: only the DynamoDB client (no SNS),
 * and only constructors run, so init stays cheap.
 */
export function buildDependencies(env: NodeJS.ProcessEnv = process.env, io: StreamIo = {}): StreamDeps {
  const config = loadFunctionConfig('stream', env);
  const dynamo = io.dynamo ?? DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }));
  return {
    ledger: new DynamoDbMetricsLedger({ client: dynamo, tableName: config.DYNAMODB_TABLE_NAME }),
    clock: systemClock,
    logger: createLogger({
      functionName: 'stream',
      stage: config.STAGE,
      level: config.LOG_LEVEL,
      ...(io.logDestination ? { destination: io.logDestination } : {}),
    }),
  };
}

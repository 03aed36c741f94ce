import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMessageRepository, createLogger, loadConfig } from '@rez-agent/core';
import type { StreamDeps, StreamIo } from './types';

/** The variables the stream function reads; the stack sets exactly these. */
export const STREAM_ENV = ['AWS_REGION', 'DYNAMODB_TABLE_NAME', 'LOG_LEVEL'] as const;

/**
 * The stream function's adapters, built once per cold start: only the DynamoDB client (no SNS),
 * and only constructors run, so init stays cheap.
 */
export function buildDependencies(env: NodeJS.ProcessEnv = process.env, io: StreamIo = {}): StreamDeps {
  const config = loadConfig(STREAM_ENV, env);
  const dynamo = io.dynamo ?? DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }));
  return {
    repository: new DynamoDbMessageRepository({ client: dynamo, tableName: config.DYNAMODB_TABLE_NAME }),
    logger: createLogger({
      functionName: 'stream',
      stage: config.STAGE,
      level: config.LOG_LEVEL,
      ...(io.logDestination ? { destination: io.logDestination } : {}),
    }),
  };
}

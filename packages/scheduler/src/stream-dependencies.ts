import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMessageRepository, createLogger, loadConfig } from '@rez-agent/core';
import type { ExpiryDeps } from './types';

/** The variables the expiry (stream) function reads; the stack sets exactly these. */
export const EXPIRY_ENV = ['AWS_REGION', 'DYNAMODB_TABLE_NAME', 'LOG_LEVEL'] as const;

/**
 * The expiry function's adapters, built once per cold start: only the DynamoDB client (no SNS),
 * and only constructors run, so init stays cheap.
 */
export function buildStreamDependencies(env: NodeJS.ProcessEnv = process.env): ExpiryDeps {
  const config = loadConfig(EXPIRY_ENV, env);
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }));
  return {
    repository: new DynamoDbMessageRepository({ client: dynamodb, tableName: config.DYNAMODB_TABLE_NAME }),
    logger: createLogger({ functionName: 'expiry', stage: config.STAGE, level: config.LOG_LEVEL }),
  };
}

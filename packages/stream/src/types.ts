import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CountStreamChangesDeps, Logger, LoggerOptions } from '@rez-agent/core';

/** Everything the stream function needs: the metrics ledger, a clock and a logger, nothing else. */
export interface StreamDeps extends CountStreamChangesDeps {
  logger: Logger;
}

/** The outside world the stream function talks to; tests point it at DynamoDB Local. */
export interface StreamIo {
  dynamo?: DynamoDBDocumentClient;
  logDestination?: LoggerOptions['destination'];
}

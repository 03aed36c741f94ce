import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig, ssmSecretStore } from '@rez-agent/core';
import { PROCESSOR_ENV, buildDependencies } from './build-dependencies';

// Once per cold start: a bad variable fails here, naming every one. SDK clients make no
// request until used; the ntfy token is read on the first batch.
const config = loadConfig(PROCESSOR_ENV);

export const dependencies = buildDependencies(config, {
  dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION })),
  secrets: ssmSecretStore(new SSMClient({ region: config.AWS_REGION })),
});

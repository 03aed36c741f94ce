import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB Local of this jest run, started by the preset's global setup. */
export function dynamoDbEndpoint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint) {
    throw new Error('AWS_ENDPOINT_URL_DYNAMODB is not set: use jestConfig(dir, { dynamodb: true }) to start DynamoDB Local');
  }
  return endpoint;
}

/**
 * A DocumentClient for DynamoDB Local: dummy credentials and a fixed region, so no AWS profile
 * on the machine is ever read. Plain marshalling options on purpose: code under test must not
 * rely on a specially configured client.
 */
export function localDocumentClient(endpoint: string = dynamoDbEndpoint()): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  return DynamoDBDocumentClient.from(client);
}

export interface TestTable {
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Deletes the table and closes the client. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named table (DynamoDB Local runs with -sharedDb, one per jest run, so test
 * files must not share names) from a table definition, e.g. core's `createTableInput`.
 */
export async function createTestTable(
  definition: (tableName: string) => CreateTableCommandInput,
  prefix = 'test',
): Promise<TestTable> {
  const tableName = `${prefix}-${randomUUID()}`;
  const client = localDocumentClient();
  await client.send(new CreateTableCommand(definition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  return {
    tableName,
    client,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}

import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startDynamoDbLocal, type DynamoDbLocal } from '@rez-agent/emulators';
import { createMessage, settled, type LocalIndex } from '../helpers/messages';
import { killAllSandboxes, startSandboxProcess } from '../helpers/sandbox-process';

// A DynamoDB someone already runs (here: one more DynamoDB Local), as beside NoSQL Workbench.
let existing: DynamoDbLocal;
beforeAll(async () => {
  existing = await startDynamoDbLocal();
});
afterAll(async () => {
  await killAllSandboxes();
  await existing?.stop();
});

test('--dynamodb-endpoint uses an existing DynamoDB, creating the table there, instead of starting its own', async () => {
  const sandbox = await startSandboxProcess({ args: ['--dynamodb-endpoint', existing.endpoint] });

  const { body: local } = await sandbox.api<LocalIndex>('GET', '/_local');
  expect(local.emulators.dynamodb).toBe(existing.endpoint);
  const client = new DynamoDBClient({ endpoint: existing.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'rez-agent-messages-dev' }));
    expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  } finally {
    client.destroy();
  }
  const created = await createMessage(sandbox, { payload: 'stored in the existing DynamoDB' });
  expect((await settled(sandbox, created.id)).status).toBe('completed');
});

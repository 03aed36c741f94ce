import { expect, test } from '@jest/globals';
import { freePort, startDynamoDbLocal } from '@rez-agent/emulators';
import { processesMatching, waitFor } from '../helpers/wait';

// The JVM (`-port N`) and its watchdog (`"-port","N"` in its JSON argument list).
const dynamoDbProcessesOn = (port: number) => [
  ...processesMatching('DynamoDBLocal.jar', `-port ${port}`),
  ...processesMatching('DynamoDBLocal.jar', `"-port","${port}"`),
];

test('a DynamoDB Local that does not answer in time is stopped, not left running beside the caller', async () => {
  // Prepare: a start-up deadline no JVM can meet.
  const port = await freePort();

  // Act
  await expect(startDynamoDbLocal({ port, startTimeoutMs: 1 })).rejects.toThrow(/did not answer/);

  // Assess: the caller lives on (as a test runner or a retrying script would); the JVM must not.
  await waitFor('DynamoDB Local to be gone', () => (dynamoDbProcessesOn(port).length === 0 ? true : undefined), 15_000, 200);
});

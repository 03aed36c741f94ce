import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
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

describe('the scratch folder of an in-memory DynamoDB Local', () => {
  let tmp: string;
  beforeEach(() => {
    // A private TMPDIR: other test runs share the system one.
    tmp = mkdtempSync(join(tmpdir(), 'rez-ddb-scratch-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** A process that starts DynamoDB Local in memory with TMPDIR=tmp, and stops it on SIGTERM. */
  async function startOwner(): Promise<ChildProcess> {
    const script = `import { startDynamoDbLocal } from '@rez-agent/emulators';
      const dynamodb = await startDynamoDbLocal();
      process.on('SIGTERM', () => dynamodb.stop().then(() => process.exit(0)));
      console.log('up');`;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: import.meta.dirname, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => owner.stdout?.once('data', () => resolve()));
    return owner;
  }

  test('is removed when it stops', async () => {
    const owner = await startOwner();
    expect(readdirSync(tmp)).toHaveLength(1);

    owner.kill('SIGTERM');
    await new Promise((resolve) => owner.once('exit', resolve));

    expect(readdirSync(tmp)).toEqual([]);
  });

  test('is removed when its owner is killed outright (the watchdog cleans up)', async () => {
    const owner = await startOwner();
    expect(readdirSync(tmp)).toHaveLength(1);

    owner.kill('SIGKILL');

    await waitFor('the scratch folder to be removed', () => (readdirSync(tmp).length === 0 ? true : undefined), 15_000, 200);
  });
});

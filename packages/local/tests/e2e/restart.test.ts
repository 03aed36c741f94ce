import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { createMessage, listAll, metrics, type LocalIndex, type StoredMessage } from '../helpers/messages';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { processesMatching, waitFor } from '../helpers/wait';

let ntfy: NtfyServer;
let dataDir: string;

beforeAll(async () => {
  ntfy = await startNtfyServer();
  dataDir = mkdtempSync(join(tmpdir(), 'rez-local-e2e-'));
});

afterAll(async () => {
  await killAllSandboxes();
  await ntfy?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = () =>
  startSandboxProcess({
    args: ['--data-dir', dataDir],
    // Receives to spare: a loaded machine may turn a slow send into a transient failure before
    // the kill, and this test is about the restart, not about giving up.
    env: {
      NTFY_URL: ntfy.url('rez-restart'),
      REZ_VISIBILITY_TIMEOUT_SECONDS: '4',
      PROCESSING_LEASE_SECONDS: '4',
      NTFY_TIMEOUT_MS: '5000',
      MAX_RECEIVE_COUNT: '10',
    },
  });

/** DynamoDB Local of a sandbox: the JVM and the watchdog that guards it, found by its port. */
async function dynamoDbProcessesOf(sandbox: SandboxProcess): Promise<() => string[]> {
  const { body } = await sandbox.api<LocalIndex>('GET', '/_local');
  const port = new URL(body.emulators.dynamodb!).port;
  return () => [...processesMatching('DynamoDBLocal.jar', `-port ${port}`), ...processesMatching('DynamoDBLocal.jar', `"-port","${port}"`)];
}

test('killed mid-batch and started again on the same data dir, no message is lost, stuck or sent again after completion; no process outlives either run', async () => {
  // Prepare: slow ntfy answers keep batches in flight when the kill comes.
  ntfy.respondByDefault(ntfyAnswers.slow(1_000));
  const first = await start();
  const firstDynamoDb = await dynamoDbProcessesOf(first);
  expect(firstDynamoDb().length).toBeGreaterThan(0);
  const created: StoredMessage[] = [];
  for (let index = 0; index < 20; index += 1) created.push(await createMessage(first, { payload: `restart #${index} ${Date.now()}` }));
  const ours = new Set(created.map((message) => message.payload));
  await waitFor('deliveries in flight', () => (ntfy.requests.filter((request) => ours.has(request.body)).length >= 3 ? true : undefined));
  const before = new Map((await listAll(first)).map((message) => [message.id, message.status]));

  // Act: SIGKILL, nothing gets to clean up.
  first.child.kill('SIGKILL');
  await first.exited;
  const sentBeforeKill = ntfy.requests.length;

  // Assess: DynamoDB Local's watchdog took the JVM down with the sandbox.
  await waitFor('DynamoDB Local of the killed sandbox to exit', () => (firstDynamoDb().length === 0 ? true : undefined), 10_000);

  ntfy.respondByDefault(ntfyAnswers.ok());
  const second = await start();
  const secondDynamoDb = await dynamoDbProcessesOf(second);
  const final = await waitFor(
    'every message completed or failed after the restart',
    async () => {
      const all = await listAll(second);
      if (all.length === created.length && all.every((message) => message.status === 'completed' || message.status === 'failed')) return all;
      // Thrown, not returned: a time-out then says which messages were still unsettled.
      throw new Error(`unsettled: ${JSON.stringify(all.filter((m) => m.status !== 'completed' && m.status !== 'failed').map((m) => [m.id, m.status]))}`);
    },
    90_000,
    500,
  );

  expect(final.map((message) => message.status)).toEqual(created.map(() => 'completed'));
  const resentAfterCompletion = created
    .filter((message) => before.get(message.id) === 'completed')
    .filter((message) => ntfy.requests.slice(sentBeforeKill).some((request) => request.body === message.payload));
  expect(resentAfterCompletion).toEqual([]);
  for (const message of created) expect(ntfy.requests.some((request) => request.body === message.payload)).toBe(true);
  // Counted off the table stream, whose checkpoint was kept with the data: exact within seconds, never counted twice.
  const counted = await waitFor('the metrics to settle', async () => {
    const current = await metrics(second);
    return current.by_status.completed === created.length ? current : undefined;
  }, 10_000);
  expect(counted.by_status).toMatchObject({ completed: created.length, queued: 0, processing: 0, created: 0 });

  // SIGTERM: a clean stop, exit 0, DynamoDB Local gone.
  second.child.kill('SIGTERM');
  expect(await second.exited).toEqual({ code: 0, signal: null });
  expect(secondDynamoDb()).toEqual([]);
}, 180_000);

import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { createMessage, listAll, metrics, settled } from '../helpers/messages';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { waitFor } from '../helpers/wait';

// A sandbox of its own, under settings where no ntfy attempt can time out on a loaded machine:
// with delivery.test.ts's 1 s timeout a send ntfy already received could be retried, a genuine
// at-least-once duplicate that would hide the one this test looks for.
const GENEROUS_SECONDS = 60;
let ntfy: NtfyServer;
let sandbox: SandboxProcess;

beforeAll(async () => {
  ntfy = await startNtfyServer();
  sandbox = await startSandboxProcess({
    env: {
      NTFY_URL: ntfy.url('rez-e2e-concurrent'),
      NTFY_TIMEOUT_MS: String(GENEROUS_SECONDS * 1000),
      REZ_VISIBILITY_TIMEOUT_SECONDS: String(GENEROUS_SECONDS),
      PROCESSING_LEASE_SECONDS: String(GENEROUS_SECONDS),
    },
  });
});

afterAll(async () => {
  await killAllSandboxes();
  await ntfy?.close();
});

test('50 concurrent creates are all completed and each sent exactly once, and the metrics equal the real counts', async () => {
  const payloads = Array.from({ length: 50 }, (_, index) => `concurrent #${index + 1} ${Date.now()}`);

  const created = await Promise.all(payloads.map((payload) => createMessage(sandbox, { payload })));
  const messages = await Promise.all(created.map((message) => settled(sandbox, message.id, 60_000)));

  expect(messages.map((message) => message.status)).toEqual(payloads.map(() => 'completed'));
  expect(payloads.map((payload) => ntfy.requests.filter((request) => request.body === payload).length)).toEqual(payloads.map(() => 1));
  const all = await listAll(sandbox);
  const count = (key: 'status' | 'stage' | 'message_type', value: string) => all.filter((message) => message[key] === value).length;
  // Counted off the table stream: exact within seconds of the last change.
  const reported = await waitFor('the metrics to count every stored message', async () => {
    const current = await metrics(sandbox);
    return current.total === all.length && current.by_status.completed === count('status', 'completed') ? current : undefined;
  }, 10_000);
  expect(reported.total).toBe(all.length);
  for (const [status, value] of Object.entries(reported.by_status)) expect([status, value]).toEqual([status, count('status', status)]);
  for (const [stage, value] of Object.entries(reported.by_stage)) expect([stage, value]).toEqual([stage, count('stage', stage)]);
  for (const [type, value] of Object.entries(reported.by_type)) expect([type, value]).toEqual([type, count('message_type', type)]);
});

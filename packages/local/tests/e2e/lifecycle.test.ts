import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { createMessage, metrics, settled, type StoredMessage } from '../helpers/messages';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { waitFor } from '../helpers/wait';

// One sandbox for the file; each test tells its messages apart by a unique payload.
let ntfy: NtfyServer;
let sandbox: SandboxProcess;

beforeAll(async () => {
  ntfy = await startNtfyServer();
  sandbox = await startSandboxProcess({ env: { NTFY_URL: ntfy.url('rez-lifecycle') } });
});

afterAll(async () => {
  await killAllSandboxes();
  await ntfy?.close();
});

let counter = 0;
const uniquePayload = (label: string) => `${label} #${(counter += 1)} ${Date.now()}`;
const requestsFor = (payload: string) => ntfy.requests.filter((request) => request.body === payload);

describe('message lifecycle v2 in the sandbox', () => {
  test('a message sent with a delay is scheduled, listed as such, and delivered once, never before deliver_at', async () => {
    const payload = uniquePayload('later');
    const created = await createMessage(sandbox, { payload, delay: '3s' });
    expect(created.status).toBe('scheduled');
    const listed = await sandbox.api<{ messages: StoredMessage[] }>('GET', '/api/messages?status=scheduled');
    expect(listed.body.messages.map((message) => message.id)).toContain(created.id);

    const sent = await waitFor('the notification', () => (requestsFor(payload).length > 0 ? Date.now() : undefined), 20_000, 20);

    expect(sent).toBeGreaterThanOrEqual(Date.parse(created.deliver_at ?? ''));
    const message = await settled(sandbox, created.id);
    expect(message.status).toBe('completed');
    expect(requestsFor(payload)).toHaveLength(1);
    expect(requestsFor(payload)[0]?.headers['x-sequence-id']).toBe(created.id);
    const attempts = await sandbox.api<{ attempts: { attempt: number; outcome: string }[] }>('GET', `/api/messages/${created.id}/attempts`);
    expect(attempts.body.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered' })]);
  });

  test('a cancelled scheduled message is never sent, and cannot be retried', async () => {
    const payload = uniquePayload('cancelled');
    const created = await createMessage(sandbox, { payload, delay: '2s' });

    const cancelled = await sandbox.api<StoredMessage>('POST', `/api/messages/${created.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    // Its delayed record comes out of the queue at deliver_at and finds it cancelled: wait until
    // the processor has seen it (the queue is empty of it), then nothing must have been sent.
    await waitFor(
      'the delayed record to be consumed',
      async () => {
        const { body } = await sandbox.api<{ queues: { name: string; ready: number; in_flight: number; delayed: number }[] }>('GET', '/_local/queues');
        const queue = body.queues[0];
        return Date.now() > Date.parse(created.deliver_at ?? '') && queue && queue.ready + queue.in_flight + queue.delayed === 0 ? true : undefined;
      },
      20_000,
    );
    expect(requestsFor(payload)).toHaveLength(0);
    expect((await sandbox.api<StoredMessage>('GET', `/api/messages/${created.id}`)).body.status).toBe('cancelled');
    expect((await sandbox.api('POST', `/api/messages/${created.id}/retry`)).status).toBe(409);
  });

  test('the metrics, counted off DynamoDB Local’s stream, know scheduled and cancelled messages exactly', async () => {
    const scheduled = await createMessage(sandbox, { payload: uniquePayload('far'), delay: '2h' });
    const toCancel = await createMessage(sandbox, { payload: uniquePayload('cancel me'), delay: '3h' });
    await sandbox.api('POST', `/api/messages/${toCancel.id}/cancel`);
    const all = await sandbox.api<{ messages: StoredMessage[] }>('GET', '/api/messages?limit=1000');
    const count = (status: string) => all.body.messages.filter((message) => message.status === status).length;

    const counted = await waitFor('the metrics to settle', async () => {
      const current = await metrics(sandbox);
      return current.total === all.body.messages.length && current.by_status.cancelled === count('cancelled') ? current : undefined;
    }, 10_000);

    expect(counted.by_status.scheduled).toBe(count('scheduled'));
    expect(counted.by_status.scheduled).toBeGreaterThanOrEqual(1);
    expect(counted.by_status.cancelled).toBe(count('cancelled'));
    expect(scheduled.status).toBe('scheduled');
  });

  test('/_local lists every status and how a message may move between them', async () => {
    const { body } = await sandbox.api<{ statuses: string[]; transitions: Record<string, string[]> }>('GET', '/_local');
    expect(body.statuses).toEqual(expect.arrayContaining(['scheduled', 'cancelled']));
    expect(body.transitions.scheduled).toEqual(expect.arrayContaining(['cancelled']));
  });
});

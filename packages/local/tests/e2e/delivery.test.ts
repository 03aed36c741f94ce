import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ntfyAnswers, startNtfyServer, type NtfyAnswer, type NtfyServer } from '@rez-agent/testing';
import { createMessage, listAll, settled, type DlqView, type LocalIndex, type Problem } from '../helpers/messages';
import { killAllSandboxes, startSandboxProcess, type ApiResponse, type SandboxProcess } from '../helpers/sandbox-process';
import { waitFor } from '../helpers/wait';

// One sandbox for the whole file: the tests run in order and each tells its messages apart
// by a unique payload, so they share it without interfering.
let ntfy: NtfyServer;
let sandbox: SandboxProcess;
const NTFY_TOKEN = 'tk_e2e_ntfy_token_0123456789';
const VISIBILITY_TIMEOUT_SECONDS = 5;

beforeAll(async () => {
  ntfy = await startNtfyServer();
  sandbox = await startSandboxProcess({
    env: {
      NTFY_URL: ntfy.url('rez-e2e'),
      NTFY_TOKEN,
      NTFY_TIMEOUT_MS: '1000',
      REZ_VISIBILITY_TIMEOUT_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS),
      PROCESSING_LEASE_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS),
    },
  });
});

afterAll(async () => {
  await killAllSandboxes();
  await ntfy?.close();
});

let counter = 0;
const uniquePayload = (label: string) => `${label} #${(counter += 1)} ${Date.now()}`;
const requestsFor = (payload: string) => ntfy.requests.filter((request) => request.body === payload);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('delivery', () => {
  test('a created message is completed within seconds, with exactly one ntfy request carrying its headers and body', async () => {
    const payload = uniquePayload('first');
    const started = Date.now();
    const created = await createMessage(sandbox, { payload, title: 'E2E title', priority: 4, tags: ['tada', 'e2e'] });
    expect(created.status).toBe('queued');

    const message = await settled(sandbox, created.id, 10_000);

    expect(message.status).toBe('completed');
    expect(Date.now() - started).toBeLessThan(10_000);
    const requests = requestsFor(payload);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/rez-e2e',
      headers: expect.objectContaining({ title: 'E2E title', priority: '4', tags: 'tada,e2e', authorization: `Bearer ${NTFY_TOKEN}` }),
    });
    expect(message.notification_id).toEqual(expect.any(String));
  });

  test.each<[string, NtfyAnswer]>([
    ['a 500', ntfyAnswers.serverError()],
    ['a 429/42901 rate limit', ntfyAnswers.tooManyRequests('1')],
    ['a timeout', ntfyAnswers.slow(2_500)],
    ['a connection reset', ntfyAnswers.drop()],
  ])('after %s from ntfy the message is completed on a retry', async (_, failure) => {
    const payload = uniquePayload('transient');
    ntfy.respondWith(failure);

    const message = await settled(sandbox, (await createMessage(sandbox, { payload })).id);

    expect(message.status).toBe('completed');
    expect(requestsFor(payload)).toHaveLength(2);
  });

  test.each<[string, NtfyAnswer, RegExp]>([
    ['a 400/40007', ntfyAnswers.badRequest(), /40007|invalid request/],
    ['a 429/42908 daily quota', ntfyAnswers.dailyQuotaReached(), /42908|quota/],
    ['a 403/40301', ntfyAnswers.error(403, 40301, 'forbidden'), /40301|forbidden/],
  ])('after %s from ntfy the message is failed with the reason and not sent again', async (_, refusal, reason) => {
    const payload = uniquePayload('permanent');
    ntfy.respondWith(refusal);

    const message = await settled(sandbox, (await createMessage(sandbox, { payload })).id);
    // Long enough for a redelivery to have happened, had the record been left on the queue.
    await pause(VISIBILITY_TIMEOUT_SECONDS * 1000 + 1000);

    expect(message.status).toBe('failed');
    expect(message.error_message).toMatch(reason);
    expect(requestsFor(payload)).toHaveLength(1);
  });

  test('a message whose deliveries keep failing ends failed, its record in the DLQ, and is not sent again', async () => {
    const payload = uniquePayload('exhausted');
    ntfy.respondByDefault(ntfyAnswers.serverError());
    try {
      const message = await settled(sandbox, (await createMessage(sandbox, { payload })).id, 40_000);
      const sent = requestsFor(payload).length;

      expect(message.status).toBe('failed');
      expect(message.error_message).toMatch(/gave up after 3 receives/);
      // Three receives (MAX_RECEIVE_COUNT) of at most three attempts (NTFY_MAX_ATTEMPTS) each.
      expect(sent).toBeGreaterThanOrEqual(3);
      expect(sent).toBeLessThanOrEqual(9);
      const record = await waitFor(
        'the record of the exhausted message in the DLQ',
        async () => {
          const { body } = await sandbox.api<DlqView>('GET', '/_local/dlq');
          return body.records.find((item) => (item.body as { id?: string } | null)?.id === message.id);
        },
        VISIBILITY_TIMEOUT_SECONDS * 1000 + 15_000,
        250,
      );
      expect(record.receive_count).toBeGreaterThanOrEqual(3);
      expect(requestsFor(payload)).toHaveLength(sent);
    } finally {
      ntfy.respondByDefault(ntfyAnswers.ok());
    }
  });

  test('a record the processor cannot read lands in the DLQ after the last receive, and nothing is stored or sent', async () => {
    const before = (await listAll(sandbox)).length;
    const sentBefore = ntfy.requests.length;
    const { body: local } = await sandbox.api<LocalIndex>('GET', '/_local');
    const poison = uniquePayload('not a message');

    // Published straight to the sandbox's SNS topic (the AWS query protocol, as the aws cli speaks it).
    const published = await fetch(local.emulators.sns_sqs!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', TopicArn: local.emulators.topic_arn!, Message: poison }),
    });
    expect(published.status).toBe(200);

    const record = await waitFor(
      'the poison record in the DLQ',
      async () => {
        const { body } = await sandbox.api<DlqView>('GET', '/_local/dlq');
        return body.records.find((item) => item.body === poison);
      },
      30_000,
      250,
    );
    expect(record.receive_count).toBeGreaterThanOrEqual(3);
    expect((await listAll(sandbox)).length).toBe(before);
    expect(ntfy.requests.length).toBe(sentBefore);
  });

  test('the sandbox’s old schedule endpoints point to the API, which the stack’s schedules moved to', async () => {
    for (const [method, path] of [['GET', '/_local/schedules'], ['POST', '/_local/schedules/daily-hello-world/trigger']] as const) {
      const response = await sandbox.api<Problem>(method, path);
      expect(response.status).toBe(410);
      expect(JSON.stringify(response.body)).toContain('/api/schedules');
    }
  });

  test('bad API input gets a 4xx problem+json and stores and sends nothing', async () => {
    // Counted from the table itself: the metrics trail the stream by a moment.
    const before = (await listAll(sandbox)).length;
    const sentBefore = ntfy.requests.length;
    const cases: [string, () => Promise<ApiResponse<Problem>>, number][] = [
      ['malformed JSON', () => sandbox.api<Problem>('POST', '/api/messages', '{"payload": "x"'), 400],
      ['a missing payload', () => sandbox.api<Problem>('POST', '/api/messages', { title: 'no payload' }), 400],
      ['a bad message_type', () => sandbox.api<Problem>('POST', '/api/messages', { payload: 'x', message_type: 'nope' }), 400],
      ['a non-JSON content type', () => sandbox.api<Problem>('POST', '/api/messages', 'payload=x', { 'content-type': 'text/plain' }), 415],
      ['a body over 64 KB', () => sandbox.api<Problem>('POST', '/api/messages', { payload: 'x'.repeat(70_000) }), 413],
      ['no token', () => sandbox.api<Problem>('POST', '/api/messages', { payload: 'x' }, { authorization: '' }), 401],
      ['an unknown route', () => sandbox.api<Problem>('POST', '/api/nothing-here', { payload: 'x' }), 404],
      // {"payload":"<0xff>"}: not UTF-8, so not stored with U+FFFD in its place.
      ['a body that is not UTF-8', () => sandbox.api<Problem>('POST', '/api/messages', Buffer.concat([Buffer.from('{"payload":"'), Buffer.from([0xff]), Buffer.from('"}')])), 400],
    ];

    for (const [what, call, expected] of cases) {
      const response = await call();
      expect({ what, status: response.status, type: response.headers.get('content-type') }).toEqual({
        what,
        status: expected,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(response.body.status).toBe(expected);
    }
    await pause(500);
    expect((await listAll(sandbox)).length).toBe(before);
    expect(ntfy.requests.length).toBe(sentBefore);
  });
});

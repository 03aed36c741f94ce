import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import {
  LogCode,
  NtfyNotifier,
  parseMessage,
  deliverMessage,
  type DeliverMessageDeps,
  type Message,
  type MessageStatus,
  type Notifier,
} from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const LEASE_SECONDS = 120;
const fixture = useRepositoryTable();
const makeMessage = messageMaker();

let ntfy: NtfyServer;
beforeEach(async () => {
  ntfy = await startNtfyServer();
});
afterEach(() => ntfy.close());

function deps(overrides: Partial<DeliverMessageDeps> = {}): DeliverMessageDeps {
  return {
    repository: fixture.repository,
    clock: { now: () => new Date() },
    notifier: new NtfyNotifier({ url: ntfy.url('deliveries'), maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 }),
    leaseSeconds: LEASE_SECONDS,
    maxReceiveCount: 3,
    ...overrides,
  };
}

/** Stores a message and walks it through the state machine to `status`, each step at `at`. */
async function stored(status: MessageStatus, at = new Date()): Promise<Message> {
  const { repository } = fixture;
  const { message } = await repository.save(makeMessage());
  const path: [MessageStatus, MessageStatus][] = [
    ['created', 'queued'],
    ['queued', 'processing'],
  ];
  let current = message;
  for (const [from, to] of path) {
    if (current.status === status) break;
    current = await repository.transition({ id: message.id, from, to, at });
  }
  return current;
}

describe('deliverMessage against DynamoDB Local and a scripted ntfy', () => {
  it('lets exactly one of five concurrent deliveries of a message send it; the others send nothing', async () => {
    const message = await stored('queued');
    // A slow answer keeps the winner in processing while the others look at the message.
    ntfy.respondWith(ntfyAnswers.slow(300));

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => deliverMessage(deps(), { id: message.id, receiveCount: 1 })),
    );

    expect(ntfy.requests).toHaveLength(1);
    const kinds = outcomes.map((outcome) => `${outcome.kind}:${outcome.code}`);
    expect(kinds.filter((kind) => kind === `acknowledged:${LogCode.MESSAGE_COMPLETED}`)).toHaveLength(1);
    // A loser either met the winner's live lease (comes back later) or, on a slow machine, only
    // looked once the winner had finished (nothing left to do): never a second send.
    const losers = kinds.filter((kind) => kind !== `acknowledged:${LogCode.MESSAGE_COMPLETED}`);
    expect(losers).toHaveLength(4);
    for (const loser of losers) {
      expect([`retry-later:${LogCode.MESSAGE_LEASE_HELD}`, `acknowledged:${LogCode.MESSAGE_ALREADY_FINAL}`]).toContain(loser);
    }
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('leaves a message untouched when the invocation has no time left before the claim', async () => {
    const message = await stored('queued');

    const outcome = await deliverMessage(deps(), { id: message.id, receiveCount: 1, signal: AbortSignal.abort() });

    expect(outcome).toMatchObject({ kind: 'retry-later', code: LogCode.MESSAGE_REQUEUED });
    expect(ntfy.requests).toHaveLength(0);
    expect(await fixture.repository.get(message.id)).toEqual(message);
  });

  it('puts a message back to queued when the invocation runs out of time in the middle of a send', async () => {
    const message = await stored('queued');
    ntfy.respondWith(ntfyAnswers.slow(2_000));

    const outcome = await deliverMessage(deps(), { id: message.id, receiveCount: 1, signal: AbortSignal.timeout(200) });

    expect(outcome).toMatchObject({ kind: 'retry-later', code: LogCode.MESSAGE_REQUEUED, status: 'queued' });
    expect(await fixture.repository.get(message.id)).toMatchObject({
      status: 'queued',
      error_message: 'the invocation ran out of time while sending to ntfy',
    });
  });

  it('fails a message whose last receive runs out of time, with the reason, and leaves its record for the DLQ', async () => {
    const message = await stored('queued');
    ntfy.respondWith(ntfyAnswers.slow(2_000));

    const outcome = await deliverMessage(deps(), { id: message.id, receiveCount: 3, signal: AbortSignal.timeout(200) });

    expect(outcome).toMatchObject({ kind: 'retry-later', code: LogCode.MESSAGE_FAILED, status: 'failed' });
    expect((await fixture.repository.get(message.id))?.error_message).toBe(
      'gave up after 3 receives: the invocation ran out of time while sending to ntfy',
    );
  });

  it('acknowledges without overwriting when another worker took the lease over during a slow send', async () => {
    const message = await stored('queued');
    ntfy.respondWith(ntfyAnswers.slow(1_500, ntfyAnswers.ok('first-worker')));
    const deliveredByUs = deliverMessage(deps(), { id: message.id, receiveCount: 1 });
    await ntfy.waitForRequests(1);
    const ours = await fixture.repository.get(message.id);
    // The other worker's clock is past our lease: it re-stamps the message for itself.
    const takenOver = await fixture.repository.takeOverLease({
      id: message.id,
      expectedStartedAt: ours?.processing_started_at ?? '',
      at: new Date(Date.now() + (LEASE_SECONDS + 1) * 1000),
    });

    const outcome = await deliveredByUs;

    expect(outcome).toMatchObject({ kind: 'acknowledged', code: LogCode.MESSAGE_LEASE_TAKEN_OVER, status: 'processing' });
    expect(await fixture.repository.get(message.id)).toMatchObject({
      status: 'processing',
      processing_started_at: takenOver.processing_started_at,
    });
  });

  it('cuts a send short before its own lease expires, so no other worker can take over a live send', async () => {
    const message = await stored('queued');
    ntfy.respondWith(ntfyAnswers.slow(6_000));
    const startedAt = Date.now();

    // A 1 s lease keeps a quarter back: the send is abandoned after about 750 ms, long before
    // ntfy would answer (the bound is loose for a loaded machine; the point is "not 6 s").
    const outcome = await deliverMessage(deps({ leaseSeconds: 1 }), { id: message.id, receiveCount: 1 });

    expect(Date.now() - startedAt).toBeLessThan(4_000);
    expect(outcome).toMatchObject({ kind: 'retry-later', code: LogCode.MESSAGE_REQUEUED, status: 'queued' });
    expect((await fixture.repository.get(message.id))?.error_message).toBe('the processing lease ran out while sending to ntfy');
  });

  it('hands the message back to queued and rethrows when the notifier fails in an unforeseen way', async () => {
    const message = await stored('queued');
    // No real adapter fails like this on purpose: a stand-in for a bug below the port.
    const broken: Notifier = { send: () => Promise.reject(new TypeError('headers is not iterable')) };

    await expect(deliverMessage(deps({ notifier: broken }), { id: message.id, receiveCount: 1 })).rejects.toThrow(
      'headers is not iterable',
    );

    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'queued', error_message: 'headers is not iterable' });
  });

  it('reports a record for a message that is not in the table for a later retry, sending nothing', async () => {
    const outcome = await deliverMessage(deps(), { id: '01KBZ00000000000000000NONE', receiveCount: 1 });

    expect(outcome).toMatchObject({ kind: 'retry-later', code: LogCode.MESSAGE_NOT_FOUND });
    expect(outcome.reason).toContain('not in the table');
    expect(ntfy.requests).toHaveLength(0);
  });

  it('counts attempts across receives: earlier attempts plus this delivery’s', async () => {
    const message = await stored('queued');
    ntfy.respondWith(ntfyAnswers.serverError(), ntfyAnswers.serverError(), ntfyAnswers.serverError(), ntfyAnswers.ok('third'));

    const first = await deliverMessage(deps(), { id: message.id, receiveCount: 1 });
    const second = await deliverMessage(deps(), { id: message.id, receiveCount: 2 });

    expect([first.kind, second.kind]).toEqual(['retry-later', 'acknowledged']);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 4, notification_id: 'third' });
    expect(ntfy.requests).toHaveLength(4);
  });

  it('stores a failure whose ntfy error text is huge as a message that still passes its schema', async () => {
    const message = await stored('queued');
    ntfy.respondWith(ntfyAnswers.badRequest(40000, 'x'.repeat(10_000)));

    const outcome = await deliverMessage(deps(), { id: message.id, receiveCount: 1 });

    expect(outcome).toMatchObject({ kind: 'acknowledged', code: LogCode.MESSAGE_FAILED, status: 'failed' });
    const failed = await fixture.repository.get(message.id);
    expect(failed?.error_message).toMatch(/^ntfy answered 400 \(code 40000\): x+…$/);
    expect(() => parseMessage(failed)).not.toThrow();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import {
  IDEMPOTENCY_LEASE_SECONDS,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  SnsMessagePublisher,
  SqsDeliveryQueue,
  buildMessage,
  contentFingerprint,
  createMessage,
  sweepStale,
  ulidGenerator,
  type CreateMessageDeps,
  type Message,
  type NewMessage,
} from '../../src/index';
import { useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
let messaging: TestMessaging;
beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'core-idempotency' });
});
afterAll(() => messaging?.stop());

const at = (ms: number) => ({ now: () => new Date(ms) });
const deps = (overrides: Partial<CreateMessageDeps> = {}): CreateMessageDeps => ({
  repository: fixture.repository,
  publisher: new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn }),
  queue: new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl }),
  clock: { now: () => new Date() },
  ids: ulidGenerator(),
  stage: 'dev',
  ttlDays: 90,
  ...overrides,
});
const input = (key: string, overrides: Partial<NewMessage> = {}): NewMessage => ({
  message_type: 'manual',
  payload: 'nightly backup finished',
  created_by: 'idempotency-tests',
  idempotency_key: key,
  ...overrides,
});

/** Ids published since the last call, read (and deleted) from the subscribed queue. */
async function takePublishedIds(): Promise<string[]> {
  const records = await messaging.receiveAll(messaging.queueUrl, { delete: true });
  return records.map((record) => (JSON.parse((JSON.parse(record.Body ?? '{}') as { Message: string }).Message) as Message).id);
}

/** What a create that died right after its save leaves behind: the message in created, the key in progress. */
async function crashedAfterSave(key: string, nowMs: number): Promise<Message> {
  const draft = buildMessage(input(key), { stage: 'dev', clock: at(nowMs), ids: ulidGenerator(), ttlDays: 90 });
  const saved = await fixture.repository.save(draft, {
    fingerprint: contentFingerprint(draft),
    leaseExpiresAt: new Date(nowMs + IDEMPOTENCY_LEASE_SECONDS * 1000),
  });
  expect(saved.created).toBe(true);
  return draft;
}

async function outcomeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error;
  }
}

describe('createMessage with an idempotency key', () => {
  it('a crash between store and publish is completed by the sweep, and a repeat then returns that message', async () => {
    const crashedAt = Date.now() - 10 * 60_000;
    const crashed = await crashedAfterSave('crash-then-sweep', crashedAt);

    const result = await sweepStale(deps(), { staleAfterMinutes: 5, leaseSeconds: 60, limit: 100 });
    const repeat = await createMessage(deps({ clock: at(crashedAt + 60_000) }), input('crash-then-sweep'));

    expect(result.created).toBe(1);
    expect(repeat).toMatchObject({ created: false, message: { id: crashed.id, status: 'queued' } });
    expect(await takePublishedIds()).toEqual([crashed.id]);
  });

  it('returns the first message for the same content sent again, written differently, and sends nothing', async () => {
    const first = await createMessage(deps(), input('same-content', { tags: ['a'] }));
    await takePublishedIds();

    // The defaults spelled out and the keys in another order: the same request.
    const repeat = await createMessage(deps(), { tags: ['a'], markdown: false, priority: 3, ...input('same-content') });

    expect(repeat).toEqual({ message: first.message, created: false });
    expect(await takePublishedIds()).toEqual([]);
  });

  it('refuses the same key with different content, storing and sending nothing', async () => {
    const first = await createMessage(deps(), input('different-content'));
    await takePublishedIds();
    const before = (await fixture.repository.metrics()).total;

    const repeat = await outcomeOf(createMessage(deps(), input('different-content', { payload: 'a different body' })));

    expect(repeat).toBeInstanceOf(IdempotencyKeyReusedError);
    expect((await fixture.repository.metrics()).total).toBe(before);
    expect(await fixture.repository.get(first.message.id)).toMatchObject({ payload: 'nightly backup finished' });
    expect(await takePublishedIds()).toEqual([]);
  });

  it('publishes exactly once for ten concurrent repeats; the others wait (in progress) or get the same message', async () => {
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => outcomeOf(createMessage(deps(), input('concurrent')))));

    const results = outcomes.filter((outcome): outcome is { message: Message; created: boolean } => !(outcome instanceof Error));
    const refused = outcomes.filter((outcome) => outcome instanceof Error);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.message.id)).size).toBe(1);
    for (const error of refused) expect(error).toBeInstanceOf(IdempotencyKeyInProgressError);
    expect(await takePublishedIds()).toEqual([results[0]?.message.id]);
  });

  it('refuses a repeat as in progress while the first request holds its lease, sending nothing', async () => {
    const now = Date.now();
    await crashedAfterSave('held', now);

    const repeat = await outcomeOf(createMessage(deps({ clock: at(now + 1_000) }), input('held')));

    expect(repeat).toBeInstanceOf(IdempotencyKeyInProgressError);
    expect((repeat as IdempotencyKeyInProgressError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await takePublishedIds()).toEqual([]);
  });

  it('lets exactly one of several repeats take over once the lease has lapsed, publishing once', async () => {
    const crashedAt = Date.now();
    const crashed = await crashedAfterSave('lapsed', crashedAt);
    const later = deps({ clock: at(crashedAt + (IDEMPOTENCY_LEASE_SECONDS + 1) * 1000) });

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => outcomeOf(createMessage(later, input('lapsed')))));

    const results = outcomes.filter((outcome): outcome is { message: Message; created: boolean } => !(outcome instanceof Error));
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result).toMatchObject({ created: false, message: { id: crashed.id } });
    for (const error of outcomes.filter((outcome) => outcome instanceof Error)) expect(error).toBeInstanceOf(IdempotencyKeyInProgressError);
    expect(await takePublishedIds()).toEqual([crashed.id]);
    // The taker finished the work: the next repeat is a plain repeat.
    expect(await createMessage(later, input('lapsed'))).toMatchObject({ created: false, message: { id: crashed.id, status: 'queued' } });
    expect(await takePublishedIds()).toEqual([]);
  });
});

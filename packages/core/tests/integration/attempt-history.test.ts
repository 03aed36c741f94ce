import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { NtfyNotifier, deliverMessage, type DeliverMessageDeps, type Message, TRANSITIONS } from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';
import { transitionPath } from '@rez-agent/testing';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();

let ntfy: NtfyServer;
beforeEach(async () => {
  ntfy = await startNtfyServer();
});
afterEach(() => ntfy.close());

const deps = (): DeliverMessageDeps => ({
  repository: fixture.repository,
  clock: { now: () => new Date() },
  notifier: new NtfyNotifier({ url: ntfy.url('attempts'), maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 }),
  leaseSeconds: 120,
  maxReceiveCount: 3,
});

async function queued(): Promise<Message> {
  const draft = makeMessage();
  await fixture.repository.save(draft);
  let current = draft;
  for (const to of transitionPath(TRANSITIONS, 'created', 'queued')) current = await fixture.repository.transition({ id: draft.id, from: current.status, to, at: new Date() });
  return current;
}

describe('attempt history', () => {
  it('records every request of every receive, numbered from 1 across retries, oldest first', async () => {
    const message = await queued();
    ntfy.respondWith(ntfyAnswers.serverError(), ntfyAnswers.tooManyRequests(), ntfyAnswers.ok('ntfy-id-1'));

    const first = await deliverMessage(deps(), { id: message.id, receiveCount: 1 });
    const second = await deliverMessage(deps(), { id: message.id, receiveCount: 2 });

    expect([first.kind, second.kind]).toEqual(['retry-later', 'acknowledged']);
    const attempts = await fixture.repository.listAttempts(message.id);
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, receive_count: 1, outcome: 'retryable', http_status: 500, ntfy_code: 50001 }),
      expect.objectContaining({ attempt: 2, receive_count: 1, outcome: 'quota', http_status: 429, ntfy_code: 42901 }),
      expect.objectContaining({ attempt: 3, receive_count: 2, outcome: 'delivered', http_status: 200, notification_id: 'ntfy-id-1' }),
    ]);
    for (const attempt of attempts) {
      expect(Number.isNaN(Date.parse(attempt.started_at))).toBe(false);
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(attempts[0]?.error).toContain('500');
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 3 });
  });

  it('records a permanent refusal with ntfy’s status and code', async () => {
    const message = await queued();
    ntfy.respondWith(ntfyAnswers.badRequest());

    await deliverMessage(deps(), { id: message.id, receiveCount: 1 });

    expect(await fixture.repository.listAttempts(message.id)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'permanent', http_status: 400, ntfy_code: 40007, error: expect.stringContaining('priority invalid') }),
    ]);
    expect((await fixture.repository.get(message.id))?.status).toBe('failed');
  });

  it('sends the message id as X-Sequence-ID with every publish', async () => {
    const message = await queued();
    ntfy.respondWith(ntfyAnswers.serverError(), ntfyAnswers.ok());

    await deliverMessage(deps(), { id: message.id, receiveCount: 1 });

    expect(ntfy.requests.map((request) => request.headers['x-sequence-id'])).toEqual([message.id, message.id]);
  });

  it('keeps attempts with the message’s ttl, so they expire with it', async () => {
    const message = await queued();

    await deliverMessage(deps(), { id: message.id, receiveCount: 1 });

    const { Items = [] } = await fixture.table.client.send(
      new QueryCommand({
        TableName: fixture.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
        ExpressionAttributeValues: { ':pk': `MSG#${message.id}`, ':attempt': 'ATT#' },
      }),
    );
    expect(Items.map((item): unknown => item.ttl)).toEqual([message.ttl]);
  });

  it('has no attempts for a message never delivered', async () => {
    const message = await queued();
    expect(await fixture.repository.listAttempts(message.id)).toEqual([]);
  });
});

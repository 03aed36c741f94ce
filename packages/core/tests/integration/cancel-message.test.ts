import { describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  NotFoundError,
  cancelMessage,
  claimForDelivery,
  retryMessage,
  type Message,
  type MessageStatus,
  TRANSITIONS,
} from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';
import { transitionPath } from '@rez-agent/testing';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();
const clock = { now: () => new Date() };
const deps = () => ({ repository: fixture.repository, clock });

async function storedIn(status: MessageStatus): Promise<Message> {
  if (status === 'scheduled') {
    const message = makeMessage({ status: 'scheduled', deliver_at: new Date(Date.now() + 3_600_000) });
    await fixture.repository.save(message);
    return message;
  }
  const draft = makeMessage();
  await fixture.repository.save(draft);
  let current = draft;
  for (const to of transitionPath(TRANSITIONS, 'created', status)) current = await fixture.repository.transition({ id: draft.id, from: current.status, to, at: new Date() });
  return current;
}

describe('cancelMessage', () => {
  it.each(['scheduled', 'created', 'queued'] as const)('cancels a %s message and answers it cancelled', async (status) => {
    const message = await storedIn(status);

    const cancelled = await cancelMessage(deps(), message.id);

    expect(cancelled).toMatchObject({ id: message.id, status: 'cancelled', cancelled_at: expect.any(String) });
    expect(await fixture.repository.get(message.id)).toEqual(cancelled);
    expect((await fixture.repository.list({ status: 'cancelled', limit: 1000 })).messages.map((each) => each.id)).toContain(message.id);
  });

  it.each(['processing', 'completed', 'failed', 'cancelled'] as const)('refuses a %s message with a ConflictError naming its status', async (status) => {
    const message = await storedIn(status);

    const failure = await cancelMessage(deps(), message.id).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ConflictError);
    expect((failure as ConflictError).currentStatus).toBe(status);
    expect(await fixture.repository.get(message.id)).toEqual(message);
  });

  it('throws NotFoundError for an unknown id', async () => {
    await expect(cancelMessage(deps(), '01KBZ00000000000000000NONE')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses to retry a cancelled message', async () => {
    const message = await storedIn('queued');
    await cancelMessage(deps(), message.id);
    const publisher = { publish: () => Promise.reject(new Error('must not publish')) };

    await expect(retryMessage({ ...deps(), publisher }, message.id)).rejects.toMatchObject({ name: 'ConflictError', currentStatus: 'cancelled' });
  });

  it('has exactly one winner when a cancel races a delivery claim, twenty times over', async () => {
    const messages = await Promise.all(Array.from({ length: 20 }, () => storedIn('queued')));

    const outcomes = await Promise.all(
      messages.map(async (message) => {
        const [cancel, claim] = await Promise.allSettled([
          cancelMessage(deps(), message.id),
          claimForDelivery({ ...deps(), leaseSeconds: 120 }, message.id),
        ]);
        return { id: message.id, cancel, claim };
      }),
    );

    for (const { id, cancel, claim } of outcomes) {
      const stored = await fixture.repository.get(id);
      const claimed = claim.status === 'fulfilled' && claim.value.kind === 'claimed';
      if (cancel.status === 'fulfilled') {
        expect(claimed).toBe(false);
        expect(stored?.status).toBe('cancelled');
      } else {
        expect(cancel.reason).toBeInstanceOf(ConflictError);
        expect(claimed).toBe(true);
        expect(stored?.status).toBe('processing');
      }
    }
  });

  it('leaves a record of a cancelled message nothing to deliver', async () => {
    const message = await storedIn('queued');
    await cancelMessage(deps(), message.id);

    const claim = await claimForDelivery({ ...deps(), leaseSeconds: 120 }, message.id);

    expect(claim).toMatchObject({ kind: 'settled', outcome: { kind: 'acknowledged', code: 'MESSAGE_ALREADY_FINAL', status: 'cancelled' } });
  });
});

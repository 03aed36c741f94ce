import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError } from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();
const lease = '2026-03-02T10:00:00.000Z';
const later = new Date('2026-03-02T10:05:00.000Z');

const processingMessage = async () => {
  const message = { ...makeMessage({ status: 'processing' }), processing_started_at: lease };
  await fixture.repository.save(message);
  return message;
};

describe('DynamoDbMessageRepository takeOverLease', () => {
  it('re-stamps processing_started_at and updated_date when the expected lease matches', async () => {
    const message = await processingMessage();

    const taken = await fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later });

    expect(taken).toEqual({ ...message, processing_started_at: later.toISOString(), updated_date: later.toISOString() });
    expect(await fixture.repository.get(message.id)).toEqual(taken);
  });

  it('throws ConflictError and changes nothing when the lease was already taken over', async () => {
    const message = await processingMessage();
    await fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later });
    const before = await fixture.repository.get(message.id);

    const attempt = fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: new Date() });

    await expect(attempt).rejects.toMatchObject({ name: 'ConflictError', currentStatus: 'processing' });
    expect(await fixture.repository.get(message.id)).toEqual(before);
  });

  it('throws ConflictError with the current status when the message is no longer processing', async () => {
    const message = await processingMessage();
    await fixture.repository.transition({ id: message.id, from: 'processing', to: 'completed', at: later });

    const attempt = fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later });

    await expect(attempt).rejects.toMatchObject({ name: 'ConflictError', currentStatus: 'completed' });
  });

  it('throws NotFoundError for an id that was never saved', async () => {
    const attempt = fixture.repository.takeOverLease({ id: makeMessage().id, expectedStartedAt: lease, at: later });

    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a transition guarded by the lease it was claimed under succeeds while that lease holds', async () => {
    const message = await processingMessage();

    const done = await fixture.repository.transition({
      id: message.id,
      from: 'processing',
      to: 'completed',
      at: later,
      expectedProcessingStartedAt: lease,
    });

    expect(done.status).toBe('completed');
  });

  it('a transition guarded by a lease that was taken over is refused and changes nothing', async () => {
    const message = await processingMessage();
    await fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later });
    const before = await fixture.repository.get(message.id);

    const attempt = fixture.repository.transition({
      id: message.id,
      from: 'processing',
      to: 'queued',
      at: later,
      changes: { error_message: 'ntfy 503' },
      expectedProcessingStartedAt: lease,
    });

    await expect(attempt).rejects.toMatchObject({ name: 'ConflictError', currentStatus: 'processing' });
    expect(await fixture.repository.get(message.id)).toEqual(before);
  });

  it('of a guarded close and a concurrent takeover of the same lease, exactly one wins', async () => {
    for (let round = 0; round < 5; round += 1) {
      const message = await processingMessage();
      const results = await Promise.allSettled([
        fixture.repository.transition({ id: message.id, from: 'processing', to: 'completed', at: later, expectedProcessingStartedAt: lease }),
        fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    }
  });

  it('a transition after a takeover still finds the message (the revision moved on with it)', async () => {
    const message = await processingMessage();
    await fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later });

    const done = await fixture.repository.transition({ id: message.id, from: 'processing', to: 'completed', at: later });

    expect(done.processing_started_at).toBe(later.toISOString());
    expect(await fixture.repository.get(message.id)).toEqual(done);
  });

  it('exactly one of two concurrent takeovers of the same lease wins', async () => {
    const message = await processingMessage();

    const outcomes = await Promise.allSettled([
      fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: later }),
      fixture.repository.takeOverLease({ id: message.id, expectedStartedAt: lease, at: new Date(later.getTime() + 1) }),
    ]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(loser?.reason).toBeInstanceOf(ConflictError);
  });
});

describe('DynamoDbMessageRepository findStale', () => {
  // Times long before the takeover tests' keep this block's messages apart from theirs.
  const makeOld = messageMaker(new Date('2020-01-01T00:00:00.000Z'));
  const bound = new Date('2020-01-01T00:00:00.005Z');
  const longBefore = () => messageMaker(new Date('2019-06-01T00:00:00.000Z'));

  it('returns created messages last updated before the bound, oldest first, up to the limit', async () => {
    const waiting = Array.from({ length: 8 }, () => makeOld({ status: 'created' }));
    for (const message of waiting) await fixture.repository.save(message);

    const firstThree = await fixture.repository.findStale({ status: 'created', updatedBefore: bound, limit: 3 });
    const all = await fixture.repository.findStale({ status: 'created', updatedBefore: bound, limit: 100 });

    expect(firstThree).toEqual(waiting.slice(0, 3));
    // Messages 0..4 were updated at +0..+4 ms; the one at exactly +5 ms is not older than the bound.
    expect(all).toEqual(waiting.slice(0, 5));
  });

  it('finds queued messages by their queued status only', async () => {
    const queued = longBefore()({ status: 'queued' });
    await fixture.repository.save(queued);

    const stale = await fixture.repository.findStale({ status: 'queued', updatedBefore: bound, limit: 100 });

    expect(stale.map((message) => message.id)).toContain(queued.id);
    expect(stale.every((message) => message.status === 'queued')).toBe(true);
  });

  it('no longer returns a message as queued once it left queued', async () => {
    const message = longBefore()({ status: 'queued' });
    await fixture.repository.save(message);
    await fixture.repository.transition({ id: message.id, from: 'queued', to: 'processing', at: later });

    const stale = await fixture.repository.findStale({ status: 'queued', updatedBefore: bound, limit: 100 });

    expect(stale.map((found) => found.id)).not.toContain(message.id);
  });

  it('finds a message held in processing by when its lease started, and no longer once it settled', async () => {
    const held = longBefore()({ status: 'queued' });
    await fixture.repository.save(held);
    const claimedAt = new Date('2019-06-01T00:00:01.000Z');
    await fixture.repository.transition({ id: held.id, from: 'queued', to: 'processing', at: claimedAt });

    const before = await fixture.repository.findStale({ status: 'processing', updatedBefore: bound, limit: 100 });
    await fixture.repository.transition({ id: held.id, from: 'processing', to: 'completed', at: claimedAt });
    const after = await fixture.repository.findStale({ status: 'processing', updatedBefore: bound, limit: 100 });

    expect(before.map((found) => found.id)).toContain(held.id);
    expect(after.map((found) => found.id)).not.toContain(held.id);
  });

  it('a lease takeover restarts the age the sweep sees', async () => {
    const held = longBefore()({ status: 'queued' });
    await fixture.repository.save(held);
    const claimed = await fixture.repository.transition({ id: held.id, from: 'queued', to: 'processing', at: new Date('2019-06-01T00:00:01.000Z') });
    await fixture.repository.takeOverLease({ id: held.id, expectedStartedAt: claimed.processing_started_at ?? '', at: later });

    const stale = await fixture.repository.findStale({ status: 'processing', updatedBefore: bound, limit: 100 });

    expect(stale.map((found) => found.id)).not.toContain(held.id);
  });

  it('sorts a message by its latest updated_date after a transition back to queued', async () => {
    const message = longBefore()({ status: 'processing' });
    await fixture.repository.save(message);
    await fixture.repository.transition({ id: message.id, from: 'processing', to: 'queued', at: later });

    const beforeRequeue = await fixture.repository.findStale({ status: 'queued', updatedBefore: bound, limit: 100 });
    const afterRequeue = await fixture.repository.findStale({ status: 'queued', updatedBefore: new Date(later.getTime() + 1), limit: 100 });

    expect(beforeRequeue.map((found) => found.id)).not.toContain(message.id);
    expect(afterRequeue.map((found) => found.id)).toContain(message.id);
  });

  it.each([0, 1001, 2.5])('rejects limit %p with a ValidationError at /limit', async (limit) => {
    const attempt = fixture.repository.findStale({ status: 'created', updatedBefore: bound, limit });

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationError', issues: [{ path: '/limit' }] });
  });
});

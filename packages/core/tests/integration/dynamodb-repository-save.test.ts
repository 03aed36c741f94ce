import { describe, expect, it } from '@jest/globals';
import { ConflictError, type IdempotencyRecord } from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();

describe('DynamoDbMessageRepository save and get', () => {
  it('get returns a saved message exactly as it was saved', async () => {
    const message = makeMessage({ title: 'Hello', tags: ['a', 'b'], click: 'https://example.com', priority: 5 });

    const result = await fixture.repository.save(message);

    expect(result).toEqual({ message, created: true });
    expect(await fixture.repository.get(message.id)).toEqual(message);
  });

  it('get hides the table attributes (pk, sk, list keys, pending keys, revision)', async () => {
    const message = makeMessage();
    await fixture.repository.save(message);

    const stored = await fixture.repository.get(message.id);

    expect(Object.keys(stored ?? {}).sort()).toEqual(Object.keys(message).sort());
  });

  it('get returns undefined for an id that was never saved', async () => {
    expect(await fixture.repository.get(makeMessage().id)).toBeUndefined();
  });

  it('save refuses to overwrite a message with the same id', async () => {
    const first = makeMessage({ payload: 'first' });
    await fixture.repository.save(first);

    const attempt = fixture.repository.save({ ...first, payload: 'second' });

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect((await fixture.repository.get(first.id))?.payload).toBe('first');
  });

  it('a second save with the same idempotency key returns the first message with created=false', async () => {
    const first = makeMessage({ idempotency_key: 'key-sequential', payload: 'first' });
    const second = makeMessage({ idempotency_key: 'key-sequential', payload: 'second' });
    await fixture.repository.save(first);

    const result = await fixture.repository.save(second);

    expect(result).toEqual({ message: first, created: false, idempotency: { messageId: first.id, state: 'completed' } });
    expect(await fixture.repository.get(second.id)).toBeUndefined();
  });

  it('a repeated save of the same message with an idempotency key is a repeat, not a conflict', async () => {
    const message = makeMessage({ idempotency_key: 'key-repeat' });
    await fixture.repository.save(message);

    expect(await fixture.repository.save(message)).toMatchObject({ message, created: false });
  });

  it('a duplicate idempotent save leaves the metrics as one message', async () => {
    await fixture.settleMetrics();
    const before = await fixture.repository.metrics();
    const first = makeMessage({ idempotency_key: 'key-metrics' });
    await fixture.repository.save(first);
    await fixture.repository.save(makeMessage({ idempotency_key: 'key-metrics' }));

    await fixture.settleMetrics();
    const after = await fixture.repository.metrics();

    expect(after.total - before.total).toBe(1);
  });

  it('concurrent saves with the same idempotency key store exactly one message', async () => {
    const rivals = Array.from({ length: 8 }, () => makeMessage({ idempotency_key: 'key-concurrent' }));

    const results = await Promise.all(rivals.map((message) => fixture.repository.save(message)));

    const winners = results.filter((result) => result.created);
    expect(winners).toHaveLength(1);
    expect(new Set(results.map((result) => result.message.id))).toEqual(new Set([winners[0]?.message.id]));
    const stored = await Promise.all(rivals.map((message) => fixture.repository.get(message.id)));
    expect(stored.filter((message) => message !== undefined)).toHaveLength(1);
  });
});

describe('DynamoDbMessageRepository idempotency records', () => {
  const lease = new Date('2026-03-01T00:02:00.000Z');
  const recordOf = async (key: string): Promise<IdempotencyRecord> => {
    const repeat = await fixture.repository.save(makeMessage({ idempotency_key: key }));
    if (repeat.created) throw new Error('expected a repeat');
    return repeat.idempotency;
  };

  it('stores a claimed key in progress with its fingerprint and lease', async () => {
    const first = makeMessage({ idempotency_key: 'claim-stored' });
    await fixture.repository.save(first, { fingerprint: 'fp-1', leaseExpiresAt: lease });

    expect(await recordOf('claim-stored')).toEqual({ messageId: first.id, fingerprint: 'fp-1', state: 'in_progress', leaseExpiresAt: lease.toISOString() });
  });

  it('completes the record of its own message only', async () => {
    const first = makeMessage({ idempotency_key: 'claim-complete' });
    await fixture.repository.save(first, { fingerprint: 'fp-2', leaseExpiresAt: lease });

    await expect(fixture.repository.completeIdempotency('claim-complete', makeMessage().id)).rejects.toBeInstanceOf(ConflictError);
    await fixture.repository.completeIdempotency('claim-complete', first.id);

    expect(await recordOf('claim-complete')).toEqual({ messageId: first.id, fingerprint: 'fp-2', state: 'completed' });
  });

  it('moves a lease for exactly one of several concurrent movers, and never once completed', async () => {
    const first = makeMessage({ idempotency_key: 'claim-move' });
    await fixture.repository.save(first, { fingerprint: 'fp-3', leaseExpiresAt: lease });

    const moves = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        fixture.repository.moveIdempotencyLease({ key: 'claim-move', from: lease.toISOString(), to: new Date(lease.getTime() + 1000 * (index + 1)) }),
      ),
    );
    expect(moves.filter(Boolean)).toHaveLength(1);

    const moved = (await recordOf('claim-move')).leaseExpiresAt ?? '';
    await fixture.repository.completeIdempotency('claim-move', first.id);
    expect(await fixture.repository.moveIdempotencyLease({ key: 'claim-move', from: moved, to: new Date() })).toBe(false);
  });
});

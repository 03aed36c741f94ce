import { describe, expect, it } from '@jest/globals';
import {
  ConflictError,
  InvalidTransitionError,
  NotFoundError,
  type MessageStatus,
} from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();
const at = new Date('2026-03-02T10:00:00.000Z');

const savedMessage = async (status: MessageStatus = 'created', spec: Parameters<typeof makeMessage>[0] = {}) => {
  const message = makeMessage({ ...spec, status });
  await fixture.repository.save(message);
  return message;
};

const pageIds = async (status: MessageStatus) =>
  (await fixture.repository.list({ status, stage: 'prod', limit: 1000 })).messages.map((message) => message.id);

describe('DynamoDbMessageRepository transition', () => {
  it('writes what the state machine planned and returns the stored message', async () => {
    const message = await savedMessage('created');

    const updated = await fixture.repository.transition({ id: message.id, from: 'created', to: 'queued', at });

    expect(updated).toEqual({ ...message, status: 'queued', queued_at: at.toISOString(), updated_date: at.toISOString() });
    expect(await fixture.repository.get(message.id)).toEqual(updated);
  });

  it('stores the changes a transition carries', async () => {
    const message = await savedMessage('processing');

    const updated = await fixture.repository.transition({
      id: message.id,
      from: 'processing',
      to: 'completed',
      at,
      changes: { attempts: 2, notification_id: 'ntfy-123' },
    });

    expect(await fixture.repository.get(message.id)).toEqual(updated);
    expect(updated).toMatchObject({ status: 'completed', completed_at: at.toISOString(), attempts: 2, notification_id: 'ntfy-123' });
  });

  it('removes the fields the plan removes (a manual retry drops failed_at and error_message)', async () => {
    const failed = { ...makeMessage({ status: 'failed' }), failed_at: '2026-03-01T00:00:01.000Z', error_message: 'boom' };
    await fixture.repository.save(failed);

    const retried = await fixture.repository.transition({ id: failed.id, from: 'failed', to: 'queued', at });

    expect(retried).not.toHaveProperty('failed_at');
    expect(retried).not.toHaveProperty('error_message');
    expect(await fixture.repository.get(failed.id)).toEqual(retried);
  });

  it('throws NotFoundError for an id that was never saved', async () => {
    const attempt = fixture.repository.transition({ id: makeMessage().id, from: 'created', to: 'queued', at });

    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
  });

  it('throws ConflictError carrying the current status when the message left `from`', async () => {
    const message = await savedMessage('processing');

    const attempt = fixture.repository.transition({ id: message.id, from: 'queued', to: 'processing', at });

    await expect(attempt).rejects.toMatchObject({ name: 'ConflictError', currentStatus: 'processing' });
    expect((await fixture.repository.get(message.id))?.status).toBe('processing');
  });

  it('refuses a transition the state machine forbids and changes nothing', async () => {
    const message = await savedMessage('completed');

    const attempt = fixture.repository.transition({ id: message.id, from: 'completed', to: 'queued', at });

    await expect(attempt).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await fixture.repository.get(message.id)).toEqual(message);
  });

  it('of concurrent transitions from the same status exactly one wins, round after round', async () => {
    const targets: MessageStatus[] = ['processing', 'failed', 'processing', 'failed', 'processing', 'failed'];
    for (let round = 0; round < 8; round += 1) {
      const message = await savedMessage('queued');

      const outcomes = await Promise.allSettled(
        targets.map((to) => fixture.repository.transition({ id: message.id, from: 'queued', to, at })),
      );

      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.value;
      expect(losers.every((error) => error instanceof ConflictError && error.currentStatus === winner?.status)).toBe(true);
      expect((await fixture.repository.get(message.id))?.status).toBe(winner?.status);
    }
  });

  it('moves the message between the status-filtered listings', async () => {
    const message = await savedMessage('queued', { stage: 'prod' });

    await fixture.repository.transition({ id: message.id, from: 'queued', to: 'processing', at });

    expect(await pageIds('queued')).not.toContain(message.id);
    expect(await pageIds('processing')).toContain(message.id);
  });

  it('counts a transition in the metrics as one message leaving `from` for `to`', async () => {
    const message = await savedMessage('queued');
    await fixture.settleMetrics();
    const before = await fixture.repository.metrics();

    await fixture.repository.transition({ id: message.id, from: 'queued', to: 'processing', at });

    await fixture.settleMetrics();
    const after = await fixture.repository.metrics();
    expect(after.by_status.queued - before.by_status.queued).toBe(-1);
    expect(after.by_status.processing - before.by_status.processing).toBe(1);
    expect(after.total).toBe(before.total);
  });

  it('a refused transition leaves the metrics unchanged', async () => {
    const message = await savedMessage('processing');
    await fixture.settleMetrics();
    const before = await fixture.repository.metrics();

    await fixture.repository.transition({ id: message.id, from: 'queued', to: 'failed', at }).catch(() => undefined);

    await fixture.settleMetrics();
    expect(await fixture.repository.metrics()).toEqual(before);
  });
});

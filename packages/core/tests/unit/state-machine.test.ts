import { describe, expect, it } from '@jest/globals';
import {
  CANCELLABLE_STATUSES,
  InvalidTransitionError,
  MAX_ERROR_MESSAGE_CHARS,
  MESSAGE_STATUSES,
  TRANSITIONS,
  buildMessage,
  canTransition,
  parseMessage,
  planTransition,
  type MessageStatus,
} from '../../src/index';
import { applyTransition, tallyMessages } from '../../src/testing/index';

const ALLOWED: [MessageStatus, MessageStatus][] = [
  ['scheduled', 'queued'],
  ['scheduled', 'processing'],
  ['scheduled', 'cancelled'],
  ['created', 'queued'],
  ['created', 'cancelled'],
  ['queued', 'cancelled'],
  ['queued', 'processing'],
  ['queued', 'failed'],
  ['processing', 'completed'],
  ['processing', 'failed'],
  ['processing', 'queued'],
  ['failed', 'queued'],
];
const isAllowed = (from: MessageStatus, to: MessageStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const EVERY_PAIR = MESSAGE_STATUSES.flatMap((from) => MESSAGE_STATUSES.map((to) => [from, to] as const));

const at = new Date('2026-01-02T03:04:05.678Z');
const message = (status: MessageStatus) => ({
  ...buildMessage(
    { message_type: 'manual', payload: 'hi', created_by: 'test' },
    { stage: 'dev', clock: { now: () => new Date('2026-01-01T00:00:00.000Z') }, ids: { next: () => '01ARZ3NDEKTSV4RRFFQ69G5FAV' } },
  ),
  status,
});

describe('state machine', () => {
  it.each(EVERY_PAIR)('%s → %s is allowed only if it is one of the twelve transitions', (from, to) => {
    expect(canTransition(from, to)).toBe(isAllowed(from, to));
  });

  it('lists exactly the twelve allowed transitions', () => {
    const listed = MESSAGE_STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => [from, to]));
    expect(listed).toHaveLength(ALLOWED.length);
  });

  it.each(EVERY_PAIR.filter(([from, to]) => !isAllowed(from, to)))('refuses %s → %s with a typed error', (from, to) => {
    expect(() => planTransition(from, to, at)).toThrow(InvalidTransitionError);
    try {
      planTransition(from, to, at);
    } catch (error) {
      expect(error).toMatchObject({ from, to, currentStatus: from });
    }
  });

  it.each([
    ['created', 'queued', 'queued_at'],
    ['queued', 'processing', 'processing_started_at'],
    ['processing', 'completed', 'completed_at'],
    ['processing', 'failed', 'failed_at'],
    ['queued', 'failed', 'failed_at'],
    ['processing', 'queued', 'queued_at'],
    ['failed', 'queued', 'queued_at'],
  ] as const)('%s → %s stamps %s and updated_date', (from, to, stamp) => {
    const next = applyTransition(message(from), to, at);
    expect(next.status).toBe(to);
    expect(next[stamp]).toBe(at.toISOString());
    expect(next.updated_date).toBe(at.toISOString());
  });

  it('carries attempts, error_message and notification_id', () => {
    const next = applyTransition(message('processing'), 'queued', at, { attempts: 2, error_message: 'ntfy 503' });
    expect(next).toMatchObject({ attempts: 2, error_message: 'ntfy 503' });
    const done = applyTransition(next, 'processing', at);
    const completed = applyTransition(done, 'completed', at, { attempts: 3, notification_id: 'abc' });
    expect(completed).toMatchObject({ attempts: 3, notification_id: 'abc' });
    expect(completed).not.toHaveProperty('error_message');
  });

  it('a manual retry clears the failure stamp and reason', () => {
    const failed = applyTransition(message('processing'), 'failed', at, { error_message: 'ntfy 400' });
    const retried = applyTransition(failed, 'queued', at);
    expect(retried).not.toHaveProperty('failed_at');
    expect(retried).not.toHaveProperty('error_message');
  });

  it('cuts an over-long error_message to the schema limit, so the message still validates', () => {
    const reason = `ntfy answered 500: ${'é'.repeat(3 * MAX_ERROR_MESSAGE_CHARS)}`;

    const failed = applyTransition(message('processing'), 'failed', at, { error_message: reason });

    expect(Array.from(failed.error_message ?? '')).toHaveLength(MAX_ERROR_MESSAGE_CHARS);
    expect(failed.error_message?.startsWith('ntfy answered 500: éé')).toBe(true);
    expect(parseMessage(failed)).toEqual(failed);
  });
});

describe('cancelling', () => {
  it('lets only scheduled, created and queued messages be cancelled, and nothing leave cancelled', () => {
    expect(CANCELLABLE_STATUSES).toEqual(['scheduled', 'created', 'queued']);
    expect(TRANSITIONS.cancelled).toEqual([]);
    expect(planTransition('queued', 'cancelled', at).set).toEqual({ status: 'cancelled', updated_date: at.toISOString(), cancelled_at: at.toISOString() });
  });
});

describe('tallyMessages', () => {
  it('counts every status, stage and type, zeros included', () => {
    const tally = tallyMessages([message('queued'), message('queued'), { ...message('failed'), stage: 'prod', message_type: 'scheduled' }]);
    expect(tally).toEqual({
      total: 3,
      by_status: { scheduled: 0, created: 0, queued: 2, processing: 0, completed: 0, failed: 1, cancelled: 0 },
      by_stage: { dev: 2, stage: 0, prod: 1 },
      by_type: { hello_world: 0, manual: 2, scheduled: 1 },
    });
  });
});

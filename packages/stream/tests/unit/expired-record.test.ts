import { describe, expect, it } from '@jest/globals';
import { buildMessage, ulidGenerator } from '@rez-agent/core';
import { insertRecord, ttlRemoveRecord, userRemoveRecord } from '@rez-agent/testing';
import { isTtlDeletion, readExpiredRecord } from '../../src/expired-record';

const message = buildMessage(
  { message_type: 'manual', payload: 'expired', created_by: 'stream-tests' },
  { stage: 'dev', clock: { now: () => new Date('2026-03-01T00:00:00.000Z') }, ids: ulidGenerator() },
);
// The stored shape: the message's fields beside the table's own key attributes.
const item = { ...message, pk: `MSG#${message.id}`, sk: 'MSG', revision: 3 };

describe('reading a table-stream record', () => {
  it('takes only deletions made by DynamoDB TTL as expiry', () => {
    expect(isTtlDeletion(ttlRemoveRecord(item))).toBe(true);
    expect(isTtlDeletion(userRemoveRecord(item))).toBe(false);
    expect(isTtlDeletion(insertRecord(item))).toBe(false);
  });

  it('reads the expired message from the old image, without the table attributes', () => {
    expect(readExpiredRecord(ttlRemoveRecord(item))).toEqual({ kind: 'expired', message });
  });

  it('ignores user deletes, inserts and expiring items that are not messages', () => {
    expect(readExpiredRecord(userRemoveRecord(item))).toEqual({ kind: 'ignored' });
    expect(readExpiredRecord(insertRecord(item))).toEqual({ kind: 'ignored' });
    expect(readExpiredRecord(ttlRemoveRecord({ pk: 'IDEM#key', sk: 'IDEM', message_id: message.id }))).toEqual({ kind: 'ignored' });
  });

  it('reports a TTL deletion it cannot subtract instead of skipping it', () => {
    expect(readExpiredRecord(ttlRemoveRecord(item, { viewType: 'KEYS_ONLY' }))).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('OLD_IMAGE') as unknown });
    const { status: _status, ...statusless } = item;
    expect(readExpiredRecord(ttlRemoveRecord(statusless))).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('status') as unknown });
  });
});

import { describe, expect, it } from '@jest/globals';
import { rawSqsRecord, snsSqsRecord, sqsRecord } from '@rez-agent/testing';
import { readQueueRecord } from '../../src/queue-record';

const ID = '01J0000000000000000000000A';

describe('reading a queue record', () => {
  it('takes the message id (and correlation id) from an SNS envelope or a raw body alike', () => {
    const body = { id: ID, correlation_id: 'req-1', payload: 'hi' };
    expect(readQueueRecord(snsSqsRecord(body))).toEqual({ ok: true, message: { id: ID, correlationId: 'req-1' } });
    expect(readQueueRecord(rawSqsRecord(body))).toEqual({ ok: true, message: { id: ID, correlationId: 'req-1' } });
  });

  it('ignores every other field, known or not, so a newer publisher never breaks it', () => {
    expect(readQueueRecord(snsSqsRecord({ id: ID, status: 'sent', next_feature: [1, 2] }))).toEqual({ ok: true, message: { id: ID } });
  });

  it('refuses a record without a usable id, saying why', () => {
    expect(readQueueRecord(snsSqsRecord({ id: 'not-a-ulid' }))).toMatchObject({ ok: false, reason: expect.stringContaining('/id') as unknown });
    expect(readQueueRecord(snsSqsRecord({ payload: 'no id' }))).toMatchObject({ ok: false, reason: expect.stringContaining('id') as unknown });
    expect(readQueueRecord(sqsRecord('{"Type":"Notification","Message":'))).toMatchObject({ ok: false, reason: expect.stringContaining('not JSON') as unknown });
    expect(readQueueRecord(sqsRecord(JSON.stringify({ Type: 'SubscriptionConfirmation' })))).toMatchObject({ ok: false, reason: expect.stringContaining('SubscriptionConfirmation') as unknown });
  });
});

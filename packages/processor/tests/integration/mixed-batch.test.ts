import { describe, expect, it } from '@jest/globals';
import { LogCode } from '@rez-agent/core';
import { ntfyAnswers, snsSqsRecord, sqsEvent, sqsLambdaContext, sqsRecord } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { sendsOf, useProcessor } from '../helpers/processor-fixture';

// One record at a time: the scripted ntfy answers in arrival order, so the order must be known.
const fixture = useProcessor({ env: { PROCESSOR_CONCURRENCY: '1' } });

describe('processor: a mixed batch', () => {
  it('fails exactly the malformed and transient records and sends each deliverable message once', async () => {
    const { repository, ntfy } = fixture;
    const good = await storeMessage(repository, { title: 'Good' });
    const transient = await storeMessage(repository, { title: 'Transient' });
    const permanent = await storeMessage(repository, { title: 'Permanent' });
    const completed = await storeMessage(repository, { status: 'completed' });
    ntfy.respondWith(
      ntfyAnswers.ok('good-id'),
      ntfyAnswers.serverError(),
      ntfyAnswers.serverError(),
      ntfyAnswers.badRequest(40007, 'invalid request: priority invalid'),
    );
    const records = {
      good: snsSqsRecord(good),
      notJson: sqsRecord('{"Type":"Notification","Message":'),
      badSchema: snsSqsRecord({ id: 'not-a-ulid', payload: 42 }),
      transient: snsSqsRecord(transient),
      permanent: snsSqsRecord(permanent),
      duplicate: snsSqsRecord(good),
      completed: snsSqsRecord(completed),
    };

    const response = await fixture.handler(sqsEvent(...Object.values(records)), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: records.notJson.messageId },
      { itemIdentifier: records.badSchema.messageId },
      { itemIdentifier: records.transient.messageId },
    ]);
    expect(sendsOf(ntfy, good.payload)).toHaveLength(1);
    expect(sendsOf(ntfy, transient.payload)).toHaveLength(2); // NTFY_MAX_ATTEMPTS, inside the notifier
    expect(sendsOf(ntfy, permanent.payload)).toHaveLength(1);
    expect(sendsOf(ntfy, completed.payload)).toHaveLength(0);
    expect(ntfy.requests).toHaveLength(4);
    expect(await repository.get(good.id)).toMatchObject({ status: 'completed', notification_id: 'good-id', attempts: 1 });
    expect(await repository.get(transient.id)).toMatchObject({ status: 'queued', attempts: 2 });
    expect((await repository.get(transient.id))?.error_message).toMatch(/500|internal server error/);
    expect(await repository.get(permanent.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await repository.get(permanent.id))?.error_message).toContain('priority invalid');
    expect(await repository.get(completed.id)).toEqual(completed);
  });

  it('logs each malformed record with its SQS message id and the reason, never the body', async () => {
    const huge = sqsRecord(`not json ${'x'.repeat(200_000)}`);
    const invalid = snsSqsRecord({ id: 'not-a-ulid', payload: 42 });

    const response = await fixture.handler(sqsEvent(huge, invalid), sqsLambdaContext());

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual([huge.messageId, invalid.messageId]);
    const malformed = fixture.logs.filter((line) => line.code === LogCode.RECORD_MALFORMED);
    expect(malformed.map((line) => line.sqs_message_id)).toEqual([huge.messageId, invalid.messageId]);
    expect(malformed[0]?.message).toContain('the body is not JSON (200009 chars)');
    // Only the id is read (delivery reads the rest from the table), so the reason names it alone.
    expect(malformed[1]?.message).toContain('/id');
    expect(Math.max(...fixture.rawLogs.map((line) => line.length))).toBeLessThan(2_000);
    expect(fixture.ntfy.requests).toHaveLength(0);
  });

  it('delivers a raw record (the message JSON itself, no SNS envelope)', async () => {
    const message = await storeMessage(fixture.repository);
    const record = sqsRecord(JSON.stringify(message), { senderId: 'AROAEXAMPLE:rez-agent-local' });

    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed' });
  });

  it('fails an SNS record that is not a Notification (e.g. a subscription confirmation)', async () => {
    const record = sqsRecord(JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'You have chosen to subscribe' }));

    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(fixture.logs.find((line) => line.code === LogCode.RECORD_MALFORMED)?.message).toContain('SubscriptionConfirmation');
  });
});

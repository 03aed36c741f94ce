import { describe, expect, it } from '@jest/globals';
import { LogCode } from '@rez-agent/core';
import { ntfyAnswers, snsSqsRecord, sqsEvent, sqsLambdaContext } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { sendsOf, useProcessor } from '../helpers/processor-fixture';

const fixture = useProcessor({ env: { MAX_RECEIVE_COUNT: '3' } });

describe('processor: redelivery and the last receive', () => {
  it('sends a message once when its record is delivered again in a later batch', async () => {
    const message = await storeMessage(fixture.repository);

    const first = await fixture.handler(sqsEvent(snsSqsRecord(message)), sqsLambdaContext());
    const again = await fixture.handler(sqsEvent(snsSqsRecord(message, { receiveCount: 2 })), sqsLambdaContext());

    expect([first.batchItemFailures, again.batchItemFailures]).toEqual([[], []]);
    expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
    expect(fixture.logs.filter((line) => line.code === LogCode.MESSAGE_ALREADY_FINAL)).toHaveLength(1);
  });

  it('sends a message once when two invocations get its record at the same time; the loser retries later', async () => {
    const message = await storeMessage(fixture.repository);
    // A slow ntfy keeps the winner in processing while the other invocation looks.
    fixture.ntfy.respondWith(ntfyAnswers.slow(300));
    const one = snsSqsRecord(message);
    const other = snsSqsRecord(message);

    const responses = await Promise.all([
      fixture.handler(sqsEvent(one), sqsLambdaContext()),
      fixture.handler(sqsEvent(other), sqsLambdaContext()),
    ]);

    expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
    const failed = responses.flatMap((response) => response.batchItemFailures.map((failure) => failure.itemIdentifier));
    // The loser met the winner's live lease (reported, comes back later) or, on a slow machine,
    // only looked once the winner had finished (acknowledged, nothing left to send).
    const leaseHeld = fixture.logs.filter((line) => line.code === LogCode.MESSAGE_LEASE_HELD).length;
    const alreadyFinal = fixture.logs.filter((line) => line.code === LogCode.MESSAGE_ALREADY_FINAL).length;
    expect(leaseHeld + alreadyFinal).toBe(1);
    expect(failed).toHaveLength(leaseHeld);
    for (const id of failed) expect([one.messageId, other.messageId]).toContain(id);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed' });
  });

  it('puts a transient failure back to queued and reports the record while receives are left', async () => {
    const message = await storeMessage(fixture.repository);
    fixture.ntfy.respondByDefault(ntfyAnswers.serverError());
    const record = snsSqsRecord(message, { receiveCount: 2 });

    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'queued', attempts: 2 });
  });

  it('fails the message and reports the record (for the DLQ) when the last receive fails transiently', async () => {
    const message = await storeMessage(fixture.repository);
    fixture.ntfy.respondByDefault(ntfyAnswers.tooManyRequests('0'));
    const record = snsSqsRecord(message, { receiveCount: 3 });

    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    const stored = await fixture.repository.get(message.id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 2 });
    expect(stored?.error_message).toMatch(/^gave up after 3 receives: .*too many requests/);
    const failed = fixture.logs.find((line) => line.code === LogCode.MESSAGE_FAILED);
    expect(failed).toMatchObject({ sqs_message_id: record.messageId, message_id: message.id, receive_count: 3 });
  });

  it('a dead-lettered record redriven to the queue finds the message failed and sends nothing', async () => {
    const message = await storeMessage(fixture.repository);
    fixture.ntfy.respondByDefault(ntfyAnswers.tooManyRequests('0'));
    await fixture.handler(sqsEvent(snsSqsRecord(message, { receiveCount: 3 })), sqsLambdaContext());
    const sent = fixture.ntfy.requests.length;
    fixture.ntfy.respondByDefault(ntfyAnswers.ok());

    const response = await fixture.handler(sqsEvent(snsSqsRecord(message, { receiveCount: 1 })), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(fixture.ntfy.requests).toHaveLength(sent);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'failed' });
  });

  it('promotes a message still in created (the record outran the publisher) and delivers it', async () => {
    const message = await storeMessage(fixture.repository, { status: 'created' });

    const response = await fixture.handler(sqsEvent(snsSqsRecord(message)), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
    const stored = await fixture.repository.get(message.id);
    expect(stored).toMatchObject({ status: 'completed', attempts: 1 });
    expect(stored?.queued_at).toEqual(expect.any(String));
    expect(fixture.logs.find((line) => line.code === LogCode.MESSAGE_COMPLETED)).toMatchObject({ route: 'promoted' });
  });
});

describe('processor: processing leases', () => {
  it('takes over a message stuck in processing under an expired lease and delivers it', async () => {
    const stuck = await storeMessage(fixture.repository, { status: 'processing', at: new Date(Date.now() - 10 * 60_000) });

    const response = await fixture.handler(sqsEvent(snsSqsRecord(stuck, { receiveCount: 2 })), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(sendsOf(fixture.ntfy, stuck.payload)).toHaveLength(1);
    expect(await fixture.repository.get(stuck.id)).toMatchObject({ status: 'completed' });
    expect(fixture.logs.find((line) => line.code === LogCode.MESSAGE_LEASE_TAKEN_OVER)).toMatchObject({ message_id: stuck.id });
  });

  it('leaves a message under a live lease alone and reports the record for later', async () => {
    const held = await storeMessage(fixture.repository, { status: 'processing', at: new Date(Date.now() - 30_000) });
    const record = snsSqsRecord(held, { receiveCount: 2 });

    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(fixture.ntfy.requests).toHaveLength(0);
    expect(await fixture.repository.get(held.id)).toEqual(held);
    expect(fixture.logs.find((line) => line.code === LogCode.MESSAGE_LEASE_HELD)?.message).toMatch(/holds the lease until/);
  });
});

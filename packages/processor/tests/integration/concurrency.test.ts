import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from '@jest/globals';
import { LogCode } from '@rez-agent/core';
import { localDocumentClient, ntfyAnswers, snsSqsRecord, sqsEvent, sqsLambdaContext } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { sendsOf, useProcessor } from '../helpers/processor-fixture';

/** Message ids whose DynamoDB requests are throttled, as DynamoDB does under a hot partition. */
const throttled = new Set<string>();

const fixture = useProcessor({
  env: { PROCESSOR_CONCURRENCY: '3' },
  io: () => {
    const client = localDocumentClient();
    // DynamoDB Local never throttles: refuse this request the way DynamoDB would, before the
    // SDK sends it, for the chosen messages only.
    client.middlewareStack.add(
      (next) => (args) => {
        const input = JSON.stringify(args.input);
        if ([...throttled].some((id) => input.includes(id))) {
          throw new ProvisionedThroughputExceededException({
            message: 'The level of configured provisioned throughput for the table was exceeded.',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleChosenMessages' },
    );
    return { dynamo: client };
  },
});

describe('processor: concurrency within a batch', () => {
  it('has at most PROCESSOR_CONCURRENCY sends in flight', async () => {
    const messages = await Promise.all(Array.from({ length: 7 }, () => storeMessage(fixture.repository)));
    // Every send is held open until the test lets go: nothing finishes by itself meanwhile.
    const released = Promise.withResolvers<void>();
    fixture.ntfy.respondByDefault(ntfyAnswers.heldUntil(released.promise));

    const handled = fixture.handler(sqsEvent(...messages.map((message) => snsSqsRecord(message))), sqsLambdaContext());
    await fixture.ntfy.waitForRequests(3);
    // Claiming is part of a delivery, so only the records the limit let through hold their message.
    const statusesWhileHeld = await Promise.all(messages.map(async (message) => (await fixture.repository.get(message.id))?.status));
    released.resolve();
    const response = await handled;

    expect(statusesWhileHeld.filter((status) => status === 'processing')).toHaveLength(3);
    expect(statusesWhileHeld.filter((status) => status === 'queued')).toHaveLength(4);
    expect(fixture.ntfy.maxOpen).toBe(3);
    expect(response.batchItemFailures).toEqual([]);
    expect(fixture.ntfy.requests).toHaveLength(7);
  });

  it('sends every message of a batch full of copies exactly once, and acknowledges every copy', async () => {
    const messages = await Promise.all(Array.from({ length: 4 }, () => storeMessage(fixture.repository)));
    // Ten records as SQS may hand them over: some messages two or three times, interleaved.
    const order = [0, 1, 0, 2, 3, 1, 0, 2, 3, 3];
    const records = order.map((index) => snsSqsRecord(messages[index]));

    const response = await fixture.handler(sqsEvent(...records), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    for (const message of messages) expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
    expect(fixture.logs.filter((line) => line.code === LogCode.MESSAGE_DUPLICATE)).toHaveLength(6);
  });

  it('fails only the record whose DynamoDB requests are throttled, logs it, and delivers the rest', async () => {
    const [first, hot, last] = await Promise.all([1, 2, 3].map(() => storeMessage(fixture.repository)));
    if (!first || !hot || !last) throw new Error('three messages were stored');
    const hotRecord = snsSqsRecord(hot);
    throttled.add(hot.id);
    try {
      const response = await fixture.handler(
        sqsEvent(snsSqsRecord(first), hotRecord, snsSqsRecord(last)),
        sqsLambdaContext(),
      );

      expect(response.batchItemFailures).toEqual([{ itemIdentifier: hotRecord.messageId }]);
    } finally {
      throttled.delete(hot.id);
    }
    expect(fixture.ntfy.requests.map((request) => request.body).sort()).toEqual([first.payload, last.payload].sort());
    expect(await fixture.repository.get(hot.id)).toEqual(hot);
    const unexpected = fixture.logs.find((line) => line.code === LogCode.UNEXPECTED_ERROR);
    expect(unexpected).toMatchObject({ sqs_message_id: hotRecord.messageId, message_id: hot.id, level: 'ERROR' });
    expect(JSON.stringify(unexpected?.error)).toContain('ProvisionedThroughputExceededException');
  });
});

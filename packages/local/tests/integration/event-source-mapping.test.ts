import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLogger } from '@rez-agent/core';
import { startMessaging, type Messaging } from '@rez-agent/emulators';
import { startEventSourceMapping, type EventSourceMapping } from '../../src/event-source-mapping';
import { waitFor } from '../helpers/wait';

// The mapping against the real SNS/SQS emulator, feeding a stand-in function that records each
// event and answers as the test says.
let messaging: Messaging;
let sqs: SQSClient;
let mapping: EventSourceMapping | undefined;
const events: SQSEvent[] = [];

beforeEach(async () => {
  events.length = 0;
  messaging = await startMessaging({ namePrefix: `esm-${Date.now()}`, visibilityTimeoutSeconds: 1, maxReceiveCount: 5 });
  sqs = new SQSClient({ region: messaging.region, endpoint: messaging.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterEach(async () => {
  await mapping?.stop(2000);
  mapping = undefined;
  sqs.destroy();
  await messaging.stop();
});

function start(answer: (event: SQSEvent) => Promise<unknown>): void {
  const queueArn = messaging.server.inspectQueue(messaging.queueName)!.arn;
  mapping = startEventSourceMapping({
    sqs,
    queueUrl: messaging.queueUrl,
    queue: { arn: queueArn, region: messaging.region },
    target: {
      name: 'stand-in',
      invoke: (event) => {
        events.push(event as SQSEvent);
        return answer(event as SQSEvent);
      },
    },
    logger: createLogger({ functionName: 'local', stage: 'dev', level: 'silent' }),
    waitTimeSeconds: 1,
  });
}

async function send(bodies: string[]): Promise<void> {
  for (let index = 0; index < bodies.length; index += 10) {
    const chunk = bodies.slice(index, index + 10);
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: messaging.queueUrl, Entries: chunk.map((body, id) => ({ Id: String(id), MessageBody: body })) }));
  }
}

const records = () => events.flatMap((event) => event.Records);
const queueDepth = () => {
  const queue = messaging.server.inspectQueue(messaging.queueName)!;
  return queue.messages.ready.length + queue.messages.delayed.length + queue.messages.inflight.length;
};

describe('event source mapping', () => {
  test('hands the function real SQS events of at most 10 records and deletes what it acknowledged', async () => {
    start(() => Promise.resolve({ batchItemFailures: [] }));

    await send(Array.from({ length: 25 }, (_, index) => `body ${index}`));
    await waitFor('25 records handled', () => (records().length >= 25 ? true : undefined));
    await waitFor('the queue to be empty', () => (queueDepth() === 0 ? true : undefined));

    expect(events.every((event) => event.Records.length <= 10)).toBe(true);
    expect(records()).toHaveLength(25);
    expect(records()[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: expect.stringContaining(messaging.queueName),
      awsRegion: messaging.region,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/) },
      messageAttributes: {},
    });
  });

  test('a reported failure comes back after the visibility timeout; the rest of the batch does not', async () => {
    start((event) => {
      const failed = event.Records.filter((record) => record.body === 'fail me' && record.attributes.ApproximateReceiveCount === '1');
      return Promise.resolve({ batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) } satisfies SQSBatchResponse);
    });

    await send(['ok 1', 'fail me', 'ok 2']);
    const again = await waitFor('the failed record again', () => records().find((record) => record.attributes.ApproximateReceiveCount === '2'), 10_000);
    await waitFor('the queue to be empty', () => (queueDepth() === 0 ? true : undefined));

    expect(again.body).toBe('fail me');
    expect(records().map((record) => record.body).sort()).toEqual(['fail me', 'fail me', 'ok 1', 'ok 2']);
  });

  test('a function that throws leaves the whole batch to come back', async () => {
    let calls = 0;
    start(() => (calls++ === 0 ? Promise.reject(new Error('boom')) : Promise.resolve(undefined)));

    await send(['a', 'b']);
    await waitFor('both records received twice', () => (records().length >= 4 && queueDepth() === 0 ? true : undefined), 10_000);

    expect(records().filter((record) => record.attributes.ApproximateReceiveCount === '2').map((record) => record.body).sort()).toEqual(['a', 'b']);
  });

  test('a response naming a record not in the batch fails the whole batch, as Lambda does', async () => {
    let calls = 0;
    start(() => Promise.resolve(calls++ === 0 ? { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] } : {}));

    await send(['only']);
    await waitFor('the record received twice', () => (records().length >= 2 && queueDepth() === 0 ? true : undefined), 10_000);

    expect(records().map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  test('stop lets an in-flight batch finish and settle before it resolves', async () => {
    start(() => new Promise((resolve) => setTimeout(() => resolve({}), 700)));
    await send(['slow']);
    await waitFor('the batch in flight', () => (events.length === 1 ? true : undefined));

    const finished = await mapping!.stop(5_000);
    mapping = undefined;

    expect(finished).toBe(true);
    expect(queueDepth()).toBe(0);
  });
});

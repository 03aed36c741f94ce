import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestTable, startTestMessaging, storeInStatus, type TestMessaging, type TestTable } from '@rez-agent/testing';
import {
  ConflictError,
  DynamoDbMessageRepository,
  NotFoundError,
  SnsMessagePublisher,
  SqsDeliveryQueue,
  TRANSITIONS,
  buildMessage,
  createMessage,
  createTableInput,
  publishAndQueue,
  retryMessage,
  systemClock,
  ulidGenerator,
  type CreateMessageDeps,
  type IdGenerator,
  type Message,
  type MessageStatus,
  type NewMessage,
} from '../../src/index';

let table: TestTable;
let messaging: TestMessaging;
let repository: DynamoDbMessageRepository;
let publisher: SnsMessagePublisher;
let queue: SqsDeliveryQueue;

beforeAll(async () => {
  table = await createTestTable(createTableInput, 'core-usecases');
  messaging = await startTestMessaging({ namePrefix: 'core-usecases' });
  repository = new DynamoDbMessageRepository({ client: table.client, tableName: table.tableName });
  publisher = new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn });
  queue = new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl });
});
afterAll(async () => {
  await messaging?.stop();
  await table?.drop();
});

/** Ids of the messages published since the last call, read (and deleted) from the subscribed queue. */
async function takePublishedIds(): Promise<string[]> {
  const records = await messaging.receiveAll(messaging.queueUrl, { delete: true });
  return records.map((record) => (JSON.parse((JSON.parse(record.Body ?? '{}') as { Message: string }).Message) as Message).id);
}

/** An id generator that remembers what it handed out, to find a message whose create threw. */
function recordingIds(): IdGenerator & { issued: string[] } {
  const inner = ulidGenerator();
  const issued: string[] = [];
  return { issued, next: (at) => issued[issued.push(inner.next(at)) - 1] as string };
}

const deps = (overrides: Partial<CreateMessageDeps> = {}): CreateMessageDeps => ({
  repository,
  publisher,
  queue,
  clock: systemClock,
  ids: ulidGenerator(),
  stage: 'dev',
  ttlDays: 90,
  ...overrides,
});

const input = (overrides: Partial<NewMessage> = {}): NewMessage => ({
  message_type: 'manual',
  payload: 'hello from the use case tests',
  created_by: 'usecase-tests',
  ...overrides,
});

/** A message stored in `created` and walked along the state machine to `status`. */
function storedIn(status: Exclude<MessageStatus, 'scheduled'>): Promise<Message> {
  const draft = buildMessage(input(), { stage: 'dev', clock: systemClock, ids: ulidGenerator() });
  return storeInStatus(repository, draft, status, { transitions: TRANSITIONS });
}

describe('createMessage', () => {
  it('stores a new message, publishes it once and returns it queued', async () => {
    const { message, created } = await createMessage(deps(), input({ idempotency_key: 'create-new' }));

    expect(created).toBe(true);
    expect(message).toMatchObject({ status: 'queued', payload: 'hello from the use case tests', idempotency_key: 'create-new' });
    expect(await repository.get(message.id)).toEqual(message);
    expect(await takePublishedIds()).toEqual([message.id]);
  });

  it('returns the first message for a repeated idempotency key, storing and sending nothing new', async () => {
    const first = await createMessage(deps(), input({ idempotency_key: 'create-repeat' }));
    await takePublishedIds();

    const repeat = await createMessage(deps(), input({ idempotency_key: 'create-repeat' }));

    expect(repeat).toEqual({ message: first.message, created: false });
    expect((await repository.list({ limit: 1000 })).messages.filter((message) => message.idempotency_key === 'create-repeat')).toHaveLength(1);
    expect(await takePublishedIds()).toEqual([]);
  });

  it('lets the retry of a create whose publish failed take the work over and publish it exactly once', async () => {
    const ids = recordingIds();
    const unpublishable = new SnsMessagePublisher({ client: messaging.sns, topicArn: `arn:aws:sns:${messaging.region}:000000000000:missing` });

    await expect(createMessage(deps({ publisher: unpublishable, ids }), input({ idempotency_key: 'create-unpublished' }))).rejects.toThrow();
    const firstId = ids.issued[0] as string;
    expect((await repository.get(firstId))?.status).toBe('created');
    expect(await takePublishedIds()).toEqual([]);

    const repeat = await createMessage(deps(), input({ idempotency_key: 'create-unpublished' }));

    expect(repeat.created).toBe(false);
    expect(repeat.message).toMatchObject({ id: firstId, status: 'queued' });
    expect(await repository.get(firstId)).toMatchObject({ status: 'queued' });
    expect(await takePublishedIds()).toEqual([firstId]);
  });
});

describe('retryMessage', () => {
  it('moves a failed message back to queued and publishes it', async () => {
    const failed = await storedIn('failed');

    const retried = await retryMessage(deps(), failed.id);

    expect(retried).toMatchObject({ id: failed.id, status: 'queued' });
    expect(retried.failed_at).toBeUndefined();
    expect(await repository.get(failed.id)).toEqual(retried);
    expect(await takePublishedIds()).toEqual([failed.id]);
  });

  it.each(['created', 'queued', 'processing', 'completed', 'cancelled'] as const)(
    'refuses a message in %s with a ConflictError naming its status, and sends nothing',
    async (status) => {
      const message = await storedIn(status);

      const failure = await retryMessage(deps(), message.id).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ConflictError);
      expect((failure as ConflictError).currentStatus).toBe(status);
      expect(await repository.get(message.id)).toEqual(message);
      expect(await takePublishedIds()).toEqual([]);
    },
  );

  it('throws NotFoundError for an unknown id', async () => {
    await expect(retryMessage(deps(), '01KBZ00000000000000000NONE')).rejects.toBeInstanceOf(NotFoundError);
    expect(await takePublishedIds()).toEqual([]);
  });
});

describe('publishAndQueue losing the race to the processor', () => {
  it.each(['queued', 'processing'] as const)(
    'returns the current message without error when the processor already moved it to %s',
    async (status) => {
      const current = await storedIn(status);
      const asReadBefore: Message = { ...current, status: 'created' };

      const result = await publishAndQueue(deps(), asReadBefore);

      expect(result).toEqual(current);
      expect(await repository.get(current.id)).toEqual(current);
      expect(await takePublishedIds()).toEqual([current.id]);
    },
  );
});

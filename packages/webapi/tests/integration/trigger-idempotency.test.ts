import { describe, expect, it } from '@jest/globals';
import { SnsMessagePublisher, type Message, type MessagePublisher } from '@rez-agent/core';
import { useWebApi } from '../helpers/webapi';

/** Publishing of the schedule `held` waits until the test lets it go: a first request caught at work. */
let release: () => void = () => undefined;
let reachedPublish: () => void = () => undefined;
const publisher: MessagePublisher = {
  async publish(message) {
    if (message.created_by === 'schedule:held') {
      reachedPublish();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    }
    return new SnsMessagePublisher({ client: api.messaging.sns, topicArn: api.messaging.topicArn }).publish(message);
  },
};
const api = useWebApi({ publisher });

const createSchedule = async (name: string) => {
  const response = await api.callAuthed({ method: 'POST', path: '/api/schedules', body: { name, expression: 'rate(1 hour)', timezone: 'UTC', message: { payload: `from ${name}` } } });
  expect(response.status).toBe(201);
};
const trigger = (name: string, key?: string) =>
  api.callAuthed({ method: 'POST', path: `/api/schedules/${name}/trigger`, ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }) });
const messagesOf = async (name: string) => (await api.repository.list({ limit: 1000 })).messages.filter((message) => message.created_by === `schedule:${name}`);
const fieldErrors = (body: unknown) => (body as { errors: unknown }).errors;

describe('POST /api/schedules/{name}/trigger with an Idempotency-Key', () => {
  it('answers 202 then 200 with the same message, storing and publishing it once', async () => {
    await createSchedule('repeated');
    const first = await trigger('repeated', 'deploy-7 done');
    const repeat = await trigger('repeated', 'deploy-7 done');

    expect([first.status, repeat.status]).toEqual([202, 200]);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers.location).toBe(`/api/messages/${(first.body as Message).id}`);
    expect((await messagesOf('repeated')).map((message) => message.id)).toEqual([(first.body as Message).id]);
    expect((await api.published()).map((message) => message.id)).toEqual([(first.body as Message).id]);
  });

  it('fires again without a key, and for a new key', async () => {
    await createSchedule('unkeyed');
    const statuses = [(await trigger('unkeyed')).status, (await trigger('unkeyed')).status, (await trigger('unkeyed', 'a')).status, (await trigger('unkeyed', 'b')).status];
    expect(statuses).toEqual([202, 202, 202, 202]);
    expect(await messagesOf('unkeyed')).toHaveLength(4);
    expect(await api.published()).toHaveLength(4);
  });

  it('answers 422 for a key first used with another request: another schedule, or POST /api/messages', async () => {
    await createSchedule('first');
    await createSchedule('second');
    expect((await trigger('first', 'shared-key')).status).toBe(202);
    const created = await api.callAuthed({ method: 'POST', path: '/api/messages', body: { payload: 'plain' }, headers: { 'idempotency-key': 'message-key' } });
    expect(created.status).toBe(201);
    await api.published();

    for (const response of [await trigger('second', 'shared-key'), await trigger('first', 'message-key')]) {
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(fieldErrors(response.body)).toEqual([{ field: 'Idempotency-Key', detail: 'was first used with a different request body' }]);
    }
    expect(await messagesOf('second')).toEqual([]);
    expect(await messagesOf('first')).toHaveLength(1);
    expect(await api.published()).toEqual([]);
  });

  it('answers 409 with Retry-After while the first trigger with the key is at work, then 200 with its message', async () => {
    await createSchedule('held');
    const reached = new Promise<void>((resolve) => {
      reachedPublish = resolve;
    });
    const first = trigger('held', 'slow-key');
    await reached;

    const during = await trigger('held', 'slow-key');
    expect(during.status).toBe(409);
    expect(during.headers['retry-after']).toBe('1');
    expect(fieldErrors(during.body)).toEqual([{ field: 'Idempotency-Key', detail: 'belongs to a request that is still in progress' }]);

    release();
    const settled = await first;
    expect(settled.status).toBe(202);
    const after = await trigger('held', 'slow-key');
    expect(after.status).toBe(200);
    expect((after.body as Message).id).toBe((settled.body as Message).id);
    expect(await messagesOf('held')).toHaveLength(1);
    expect((await api.published()).map((message) => message.id)).toEqual([(settled.body as Message).id]);
  });

  it('names the header when the key is malformed, and fires nothing', async () => {
    await createSchedule('malformed');
    const response = await trigger('malformed', 'tab\there');
    expect(response.status).toBe(400);
    expect(fieldErrors(response.body)).toEqual([{ field: 'Idempotency-Key', detail: 'must be 1 to 256 printable ASCII characters' }]);
    expect(await messagesOf('malformed')).toEqual([]);
  });
});

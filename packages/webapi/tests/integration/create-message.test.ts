import { describe, expect, it } from '@jest/globals';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { IDEMPOTENCY_LEASE_SECONDS, buildMessage, contentFingerprint, ulidGenerator, type Message } from '@rez-agent/core';
import { API_TOKEN_PRINCIPAL } from '../../src/http/auth';
import { scopedIdempotencyKey } from '../../src/http/idempotency-key';
import { newMessage, useWebApi } from '../helpers/webapi';

const api = useWebApi();

/** Metrics count off the table stream: settle them first, as the stream function would within seconds. */
async function storedTotal(): Promise<number> {
  await api.settleMetrics();
  return (await api.repository.metrics()).total;
}

describe('POST /api/messages', () => {
  it('stores, publishes once and answers 201 with the queued message', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage() });

    expect(response.status).toBe(201);
    const message = response.body as Message;
    expect(message).toMatchObject({
      status: 'queued',
      message_type: 'manual',
      payload: 'Backup finished',
      title: 'Nightly backup',
      priority: 4,
      tags: ['floppy_disk'],
      created_by: 'api',
      stage: 'dev',
    });
    expect(response.headers.location).toBe(`/api/messages/${message.id}`);
    expect(await api.repository.get(message.id)).toEqual(message);
    const published = await api.published();
    expect(published.map((m) => m.id)).toEqual([message.id]);
  });

  it('takes the message type from the body when given', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage({ message_type: 'hello_world' }) });
    expect((response.body as Message).message_type).toBe('hello_world');
    await api.published();
  });

  it('uses a valid X-Correlation-Id as the message correlation id, else the request id', async () => {
    const traced = await api.callAuthed({
      method: 'POST',
      path: '/api/messages',
      body: newMessage(),
      headers: { 'x-correlation-id': 'checkout-7f3a' },
    });
    const untraced = await api.callAuthed({
      method: 'POST',
      path: '/api/messages',
      body: newMessage(),
      requestId: 'Xy1aBcDeFgHiJk=',
      headers: { 'x-correlation-id': 'has spaces in it' },
    });

    expect((traced.body as Message).correlation_id).toBe('checkout-7f3a');
    expect(traced.headers['x-correlation-id']).toBe('checkout-7f3a');
    expect((untraced.body as Message).correlation_id).toBe('Xy1aBcDeFgHiJk=');
    await api.published();
  });

  it('accepts application/json with a charset parameter and a base64-encoded body', async () => {
    const response = await api.callAuthed({
      method: 'POST',
      path: '/api/messages',
      body: JSON.stringify(newMessage({ payload: 'héllo 👋' })),
      base64: true,
      headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
    });
    expect(response.status).toBe(201);
    expect((response.body as Message).payload).toBe('héllo 👋');
    await api.published();
  });
});

describe('POST /api/messages with bad input stores and publishes nothing', () => {
  const cases: { name: string; body: unknown; headers?: Record<string, string>; base64?: boolean; status: number; errors?: unknown }[] = [
    { name: 'malformed JSON', body: '{"payload": "x",', headers: { 'content-type': 'application/json' }, status: 400 },
    { name: 'an empty body', body: '', headers: { 'content-type': 'application/json' }, status: 400 },
    { name: 'a JSON array', body: [1, 2], status: 400, errors: [{ pointer: '#', detail: 'must be object' }] },
    {
      name: 'a missing payload and an unknown field',
      body: { title: 'no payload', colour: 'red' },
      status: 400,
      errors: [
        { pointer: '#/payload', detail: 'is required' },
        { pointer: '#/colour', detail: 'is not allowed' },
      ],
    },
    {
      name: 'a bad enum',
      body: newMessage({ message_type: 'urgent' }),
      status: 400,
      errors: [{ pointer: '#/message_type', detail: 'must be one of: hello_world, manual, scheduled' }],
    },
    {
      name: 'a priority out of range and a non-http click',
      body: newMessage({ priority: 9, click: 'javascript:alert(1)' }),
      status: 400,
      errors: [
        { pointer: '#/priority', detail: 'must be <= 5' },
        { pointer: '#/click', detail: 'must be an http or https URL' },
      ],
    },
    {
      // ntfy would refuse it for good at delivery (40058): 10 tags of 64 characters are 649 bytes joined.
      name: 'tags over ntfy\'s 512 bytes in all',
      body: newMessage({ tags: Array.from({ length: 10 }, (_, index) => `${index}`.padEnd(64, 't')) }),
      status: 400,
      errors: [{ pointer: '#/tags', detail: 'must be at most 512 bytes of UTF-8 together, commas included' }],
    },
    { name: 'a body over 64 KB', body: newMessage({ payload: 'x'.repeat(65_536) }), status: 413 },
    { name: 'a base64 body over 64 KB once decoded', body: newMessage({ payload: 'x'.repeat(65_536) }), base64: true, status: 413 },
    { name: 'a text/plain content type', body: 'payload=hi', headers: { 'content-type': 'text/plain' }, status: 415 },
    { name: 'no content type', body: '{"payload":"hi"}', status: 415 },
    { name: 'a JSON content type in another charset', body: '{"payload":"hi"}', headers: { 'content-type': 'application/json; charset=iso-8859-1' }, status: 415 },
    { name: 'a look-alike media type', body: '{"payload":"hi"}', headers: { 'content-type': 'application/jsonp' }, status: 415 },
  ];

  it.each(cases)('$name → $status problem+json', async ({ body, headers, base64, status, errors }) => {
    const before = await storedTotal();

    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body, ...(headers ? { headers } : {}), ...(base64 ? { base64 } : {}) });

    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ type: 'about:blank', status, title: expect.any(String), detail: expect.any(String) });
    if (errors) expect((response.body as { errors: unknown }).errors).toEqual(errors);
    expect(await storedTotal()).toBe(before);
    expect(await api.published()).toEqual([]);
  });

  it('measures the decoded size: a 60 KB body sent base64 (80 KB on the wire) is accepted', async () => {
    const body = `{"payload":"padded"${' '.repeat(60_000)}}`;
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body, base64: true, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(201);
    expect(await api.published()).toHaveLength(1);
  });

  it('names the bad header when the Idempotency-Key is malformed', async () => {
    const response = await api.callAuthed({
      method: 'POST',
      path: '/api/messages',
      body: newMessage(),
      headers: { 'idempotency-key': 'tab\there' },
    });
    expect(response.status).toBe(400);
    expect((response.body as { errors: unknown }).errors).toEqual([{ field: 'Idempotency-Key', detail: 'must be 1 to 256 printable ASCII characters' }]);
    expect(await api.published()).toEqual([]);
  });

  it('refuses an Idempotency-Key longer than 256 characters', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'k'.repeat(257) } });
    expect(response.status).toBe(400);
  });
});

describe('POST /api/messages with an Idempotency-Key', () => {
  it('answers 201 then 200 with the same message, storing and publishing it once', async () => {
    const request = { method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'order-42 shipped' } };
    const before = await storedTotal();

    const first = await api.callAuthed(request);
    const repeat = await api.callAuthed(request);

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(await storedTotal()).toBe(before + 1);
    expect((await api.published()).map((m) => m.id)).toEqual([(first.body as Message).id]);
  });

  it('stores the key scoped to the API and the caller, so other producers cannot collide with it', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(response.status).toBe(201);
    expect((response.body as Message).idempotency_key).toMatch(/^api:api:[A-Za-z0-9_-]{43}$/);
    await api.published();
  });

  it('answers 409, not 500, when the first message of the key has expired and is gone', async () => {
    const request = { method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'expired-first' } };
    const first = await api.callAuthed(request);
    await api.published();
    // What DynamoDB's TTL does to the message while the key's own record lingers.
    const id = (first.body as Message).id;
    await api.table.client.send(new DeleteCommand({ TableName: api.table.tableName, Key: { pk: `MSG#${id}`, sk: 'MSG' } }));

    const repeat = await api.callAuthed(request);

    expect(repeat.status).toBe(409);
    expect(repeat.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await api.published()).toEqual([]);
  });

  it('answers 422 naming the key when it is sent again with a different body, storing and sending nothing', async () => {
    const headers = { 'idempotency-key': 'order-43' };
    const first = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers });
    await api.published();
    const before = await storedTotal();

    const repeat = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage({ payload: 'Backup failed' }), headers });

    expect(repeat.status).toBe(422);
    expect(repeat.headers['content-type']).toBe('application/problem+json');
    expect((repeat.body as { errors: unknown }).errors).toEqual([{ field: 'Idempotency-Key', detail: 'was first used with a different request body' }]);
    expect(await storedTotal()).toBe(before);
    expect((await api.repository.get((first.body as Message).id))?.payload).toBe('Backup finished');
    expect(await api.published()).toEqual([]);
  });

  it('answers 422 when the key is sent again asking for another delivery time, and 200 for the same delay later', async () => {
    const headers = { 'idempotency-key': 'order-later' };
    const first = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage({ delay: '2h' }), headers });
    const before = await storedTotal();

    const sooner = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage({ delay: '1h' }), headers });
    const now = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers });
    const retry = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage({ delay: '2h' }), headers });

    expect(first.status).toBe(201);
    expect([sooner.status, now.status]).toEqual([422, 422]);
    expect(retry.status).toBe(200);
    expect((retry.body as Message).id).toBe((first.body as Message).id);
    expect(await storedTotal()).toBe(before);
  });

  it('treats the same body written differently (key order, a default spelled out) as the same request', async () => {
    const headers = { 'idempotency-key': 'order-44' };
    const first = await api.callAuthed({ method: 'POST', path: '/api/messages', body: '{"payload":"hi","tags":["a"]}', headers: { ...headers, 'content-type': 'application/json' } });
    const repeat = await api.callAuthed({
      method: 'POST',
      path: '/api/messages',
      body: '{ "tags": ["a"], "message_type": "manual", "priority": 3, "payload": "hi" }',
      headers: { ...headers, 'content-type': 'application/json' },
    });

    expect([first.status, repeat.status]).toEqual([201, 200]);
    expect((repeat.body as Message).id).toBe((first.body as Message).id);
    expect(await api.published()).toHaveLength(1);
  });

  it('publishes once for ten concurrent repeats: one 201, the rest 200 or 409 with Retry-After', async () => {
    const request = { method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'burst-1' } };

    const responses = await Promise.all(Array.from({ length: 10 }, () => api.callAuthed(request)));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => [200, 201, 409].includes(status))).toBe(true);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect((response.body as { errors: unknown }).errors).toEqual([{ field: 'Idempotency-Key', detail: 'belongs to a request that is still in progress' }]);
    }
    const ids = new Set(responses.filter((r) => r.status < 300).map((r) => (r.body as Message).id));
    expect(ids.size).toBe(1);
    expect((await api.published()).map((m) => m.id)).toEqual([...ids]);
  });

  it('answers 409 with Retry-After while the first request with the key is still at work', async () => {
    // What the first request has done so far: stored the message and holds the key.
    const key = 'in-flight-1';
    const first = buildMessage(
      { message_type: 'manual', payload: 'Backup finished', title: 'Nightly backup', priority: 4, tags: ['floppy_disk'], created_by: 'api', idempotency_key: scopedIdempotencyKey(API_TOKEN_PRINCIPAL, key) },
      { stage: 'dev', clock: { now: () => new Date() }, ids: ulidGenerator() },
    );
    await api.repository.save(first, { fingerprint: contentFingerprint(first), leaseExpiresAt: new Date(Date.now() + IDEMPOTENCY_LEASE_SECONDS * 1000) });

    const repeat = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': key } });

    expect(repeat.status).toBe(409);
    expect(repeat.headers['retry-after']).toBe('1');
    expect((repeat.body as { errors: unknown }).errors).toEqual([{ field: 'Idempotency-Key', detail: 'belongs to a request that is still in progress' }]);
    expect(await api.published()).toEqual([]);
  });

  it('treats different keys as different messages', async () => {
    const a = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'key-a' } });
    const b = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(), headers: { 'idempotency-key': 'key-b' } });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as Message).id).not.toBe((b.body as Message).id);
    expect(await api.published()).toHaveLength(2);
  });
});

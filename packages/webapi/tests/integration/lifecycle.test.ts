import { describe, expect, it } from '@jest/globals';
import { TRANSITIONS, buildMessage, systemClock, ulidGenerator, type Message, type MessageStatus } from '@rez-agent/core';
import { transitionPath } from '@rez-agent/testing';
import { newMessage, useWebApi } from '../helpers/webapi';

const api = useWebApi();

const create = async (overrides: Record<string, unknown> = {}) =>
  api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage(overrides) });

/** A message created through the API and walked along the state machine to `status`. */
async function createdIn(status: MessageStatus): Promise<Message> {
  const message = (await create()).body as Message;
  let current = message;
  for (const to of transitionPath(TRANSITIONS, current.status, status)) {
    current = await api.repository.transition({ id: message.id, from: current.status, to, at: new Date() });
  }
  return current;
}

const fieldsOf = (body: unknown) => ((body as { errors?: { pointer?: string }[] }).errors ?? []).map((error) => error.pointer);

describe('POST /api/messages with deliver_at or delay', () => {
  it('stores a message scheduled for later, answers 201 with it, and lists it under ?status=scheduled', async () => {
    const response = await create({ delay: '2h' });

    expect(response.status).toBe(201);
    const message = response.body as Message;
    expect(message.status).toBe('scheduled');
    // Two hours from the request (read a moment before the message was stamped).
    const ahead = Date.parse(message.deliver_at ?? '') - Date.parse(message.created_date);
    expect(ahead).toBeGreaterThan(7_200_000 - 1_000);
    expect(ahead).toBeLessThanOrEqual(7_200_000);
    const listed = await api.callAuthed({ path: '/api/messages', query: { status: 'scheduled' } });
    expect((listed.body as { messages: Message[] }).messages.map((each) => each.id)).toContain(message.id);
    // Two hours out: nothing is on the queue yet; the periodic run hands it over in time.
    expect(await api.published()).toEqual([]);
  });

  it('takes deliver_at as RFC 3339 with an offset', async () => {
    const at = new Date(Date.now() + 86_400_000);
    const withOffset = `${new Date(at.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`;

    const response = await create({ deliver_at: withOffset });

    expect(response.status).toBe(201);
    expect((response.body as Message).deliver_at).toBe(`${at.toISOString().slice(0, 19)}.000Z`);
  });

  it.each([
    [{ deliver_at: '2020-01-01T00:00:00Z' }, '#/deliver_at'],
    [{ deliver_at: 'next tuesday' }, '#/deliver_at'],
    [{ delay: '3 weeks' }, '#/delay'],
    [{ delay: '400d' }, '#/delay'],
    [{ delay: '1h', deliver_at: '2030-01-01T00:00:00Z' }, '#/delay'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (when, pointer) => {
    const before = (await api.repository.list({ limit: 1000 })).messages.length;

    const response = await create(when);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(response.body)).toEqual([pointer]);
    expect((await api.repository.list({ limit: 1000 })).messages).toHaveLength(before);
  });
});

describe('POST /api/messages/{id}/cancel', () => {
  it.each(['scheduled', 'created', 'queued'] as const)('cancels a %s message: 200 with the cancelled message', async (status) => {
    const message = status === 'scheduled' ? ((await create({ delay: '1d' })).body as Message) : await createdIn(status === 'created' ? 'queued' : status);
    const target = status === 'created' ? await createdCreated() : message;

    const response = await api.callAuthed({ method: 'POST', path: `/api/messages/${target.id}/cancel` });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: target.id, status: 'cancelled', cancelled_at: expect.any(String) });
    expect(await api.repository.get(target.id)).toEqual(response.body);
  });

  it.each(['processing', 'completed', 'failed', 'cancelled'] as const)('answers 409 for a %s message and changes nothing', async (status) => {
    const message = status === 'cancelled' ? await cancelled() : await createdIn(status);

    const response = await api.callAuthed({ method: 'POST', path: `/api/messages/${message.id}/cancel` });

    expect(response.status).toBe(409);
    expect(await api.repository.get(message.id)).toEqual(message);
  });

  it('answers 404 for an unknown id', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages/01KBZ00000000000000000NONE/cancel' });
    expect(response.status).toBe(404);
  });

  it('makes a retry of the cancelled message a 409', async () => {
    const message = await cancelled();

    const response = await api.callAuthed({ method: 'POST', path: `/api/messages/${message.id}/retry` });

    expect(response.status).toBe(409);
    expect((await api.repository.get(message.id))?.status).toBe('cancelled');
  });
});

describe('GET /api/messages/{id}/attempts', () => {
  it('lists the attempts oldest first', async () => {
    const message = await createdIn('processing');
    for (const attempt of [2, 1]) {
      await api.repository.recordAttempt(message, {
        attempt,
        started_at: new Date(Date.now() + attempt).toISOString(),
        duration_ms: 5,
        receive_count: attempt,
        outcome: attempt === 1 ? 'retryable' : 'delivered',
      });
    }

    const response = await api.callAuthed({ path: `/api/messages/${message.id}/attempts` });

    expect(response.status).toBe(200);
    expect((response.body as { attempts: { attempt: number }[] }).attempts.map((attempt) => attempt.attempt)).toEqual([1, 2]);
  });

  it('answers an empty list for a message never attempted, and 404 for an unknown id', async () => {
    const message = await createdIn('queued');
    expect((await api.callAuthed({ path: `/api/messages/${message.id}/attempts` })).body).toEqual({ attempts: [] });
    expect((await api.callAuthed({ path: '/api/messages/01KBZ00000000000000000NONE/attempts' })).status).toBe(404);
  });
});

describe('GET /api/metrics', () => {
  it('counts scheduled and cancelled messages', async () => {
    await api.settleMetrics();
    const before = (await api.callAuthed({ path: '/api/metrics' })).body as { by_status: Record<string, number> };
    await create({ delay: '3h' });
    await cancelled();
    await api.settleMetrics();

    const after = (await api.callAuthed({ path: '/api/metrics' })).body as { by_status: Record<string, number> };

    expect(after.by_status.scheduled).toBe((before.by_status.scheduled ?? 0) + 1);
    expect(after.by_status.cancelled).toBe((before.by_status.cancelled ?? 0) + 1);
  });
});

/** A message left in created: stored without being published (what a crash after the save leaves). */
async function createdCreated(): Promise<Message> {
  const draft = buildMessage({ message_type: 'manual', payload: 'saved, never published', created_by: 'webapi-tests' }, { stage: 'dev', clock: systemClock, ids: ulidGenerator() });
  return (await api.repository.save(draft)).message;
}

async function cancelled(): Promise<Message> {
  const message = (await create({ delay: '5h' })).body as Message;
  return (await api.callAuthed({ method: 'POST', path: `/api/messages/${message.id}/cancel` })).body as Message;
}

import { describe, expect, it } from '@jest/globals';
import { TRANSITIONS, type Message } from '@rez-agent/core';
import { moveToStatus } from '@rez-agent/testing';
import { newMessage, useWebApi } from '../helpers/webapi';

const api = useWebApi();

async function created(): Promise<Message> {
  const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body: newMessage() });
  expect(response.status).toBe(201);
  await api.published();
  return response.body as Message;
}

async function moveTo(message: Message, outcome: 'failed' | 'completed'): Promise<void> {
  await moveToStatus(api.repository, message, outcome, { transitions: TRANSITIONS });
}

describe('GET /api/messages/{id}', () => {
  it('returns the stored message', async () => {
    const message = await created();
    const response = await api.callAuthed({ path: `/api/messages/${message.id}` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(message);
  });

  it('finds a message by its id in lower case (ULIDs are case-insensitive)', async () => {
    const message = await created();
    expect((await api.callAuthed({ path: `/api/messages/${message.id.toLowerCase()}` })).body).toEqual(message);
  });

  it.each(['01KBZ0000000000000000000A1', 'not-an-id', '01KBZ0000000000000000000AU', '%E0%A4%A'])('answers 404 problem for %s', async (id) => {
    const response = await api.callAuthed({ path: `/api/messages/${id}` });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });
});

describe('POST /api/messages/{id}/retry', () => {
  it('moves a failed message to queued, republishes it and answers 202', async () => {
    const message = await created();
    await moveTo(message, 'failed');

    const response = await api.callAuthed({ method: 'POST', path: `/api/messages/${message.id}/retry` });

    expect(response.status).toBe(202);
    const retried = response.body as Message;
    expect(retried).toMatchObject({ id: message.id, status: 'queued' });
    expect(retried.error_message).toBeUndefined();
    expect((await api.repository.get(message.id))?.status).toBe('queued');
    expect((await api.published()).map((m) => [m.id, m.status])).toEqual([[message.id, 'queued']]);
  });

  it.each(['completed', 'queued'] as const)('answers 409 naming the current status for a %s message, and publishes nothing', async (status) => {
    const message = await created();
    if (status === 'completed') await moveTo(message, 'completed');

    const response = await api.callAuthed({ method: 'POST', path: `/api/messages/${message.id}/retry` });

    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ title: 'Conflict', status: 409, current_status: status, detail: expect.stringContaining(status) });
    expect((await api.repository.get(message.id))?.status).toBe(status);
    expect(await api.published()).toEqual([]);
  });

  it('answers 404 for an unknown id', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages/01KBZ0000000000000000000A1/retry' });
    expect(response.status).toBe(404);
  });

  it('ignores a body: retry takes none', async () => {
    const message = await created();
    await moveTo(message, 'failed');
    const response = await api.callAuthed({ method: 'POST', path: `/api/messages/${message.id}/retry`, body: 'whatever', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(202);
    await api.published();
  });
});

describe('GET /api/metrics', () => {
  it('reports exact totals by status, stage and type', async () => {
    await api.settleMetrics();
    const before = (await api.callAuthed({ path: '/api/metrics' })).body as { total: number; by_status: Record<string, number> };
    const message = await created();
    await moveTo(message, 'completed');
    await api.settleMetrics();

    const response = await api.callAuthed({ path: '/api/metrics' });

    expect(response.status).toBe(200);
    const after = response.body as { total: number; by_status: Record<string, number>; by_stage: Record<string, number>; by_type: Record<string, number> };
    expect(Object.keys(after).sort()).toEqual(['by_stage', 'by_status', 'by_type', 'total']);
    expect(after.total).toBe(before.total + 1);
    expect(after.by_status.completed).toBe((before.by_status.completed ?? 0) + 1);
    expect(after).toEqual(await api.repository.metrics());
  });
});

import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Message } from '@rez-agent/core';
import { messageSeeder } from '../helpers/seed';
import { useWebApi } from '../helpers/webapi';

const api = useWebApi();
const seeded: Message[] = [];

interface Page {
  messages: Message[];
  count: number;
  next_cursor: string | null;
}

beforeAll(async () => {
  const make = messageSeeder();
  const specs = [
    ...Array.from({ length: 23 }, () => ({ stage: 'dev' as const, status: 'queued' as const })),
    ...Array.from({ length: 5 }, () => ({ stage: 'prod' as const, status: 'failed' as const, message_type: 'scheduled' as const })),
    ...Array.from({ length: 4 }, () => ({ stage: 'dev' as const, status: 'completed' as const, message_type: 'hello_world' as const })),
  ];
  for (const spec of specs) {
    const message = make(spec);
    await api.repository.save(message);
    seeded.push(message);
  }
});

const newestFirst = (messages: Message[]): string[] => messages.map((m) => m.id).sort().reverse();

describe('GET /api/messages', () => {
  it('lists newest first with the default page of 100', async () => {
    const response = await api.callAuthed({ path: '/api/messages' });

    expect(response.status).toBe(200);
    const page = response.body as Page;
    expect(page.count).toBe(seeded.length);
    expect(page.messages.map((m) => m.id)).toEqual(newestFirst(seeded));
    expect(page.next_cursor).toBeNull();
  });

  it.each([
    { query: { stage: 'prod' }, expected: (m: Message) => m.stage === 'prod' },
    { query: { status: 'completed' }, expected: (m: Message) => m.status === 'completed' },
    { query: { message_type: 'scheduled', stage: 'prod' }, expected: (m: Message) => m.message_type === 'scheduled' && m.stage === 'prod' },
    { query: { stage: 'dev', status: 'queued', message_type: 'manual' }, expected: (m: Message) => m.stage === 'dev' && m.status === 'queued' },
    { query: { stage: 'stage' }, expected: () => false },
  ])('filters by $query', async ({ query, expected }) => {
    const page = (await api.callAuthed({ path: '/api/messages', query })).body as Page;
    expect(page.messages.map((m) => m.id)).toEqual(newestFirst(seeded.filter(expected)));
  });

  it('walks every page through next_cursor without duplicates or gaps', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '7', stage: 'dev', ...(cursor ? { cursor } : {}) };
      const response = await api.callAuthed({ path: '/api/messages', query });
      expect(response.status).toBe(200);
      const page = response.body as Page;
      expect(page.count).toBe(page.messages.length);
      sizes.push(page.count);
      seen.push(...page.messages.map((m) => m.id));
      cursor = page.next_cursor;
    } while (cursor);

    expect(seen).toEqual(newestFirst(seeded.filter((m) => m.stage === 'dev')));
    expect(sizes).toEqual([7, 7, 7, 6]);
  });

  it('accepts the limit bounds 1 and 1000', async () => {
    expect(((await api.callAuthed({ path: '/api/messages', query: { limit: '1' } })).body as Page).count).toBe(1);
    expect(((await api.callAuthed({ path: '/api/messages', query: { limit: '1000' } })).body as Page).count).toBe(seeded.length);
  });

  it.each([
    { query: { limit: '0' }, field: 'limit' },
    { query: { limit: '1001' }, field: 'limit' },
    { query: { limit: 'ten' }, field: 'limit' },
    { query: { limit: '2.5' }, field: 'limit' },
    { query: { limit: ['5', '6'] }, field: 'limit' },
    // Number() reads each of these as an integer; the API takes plain decimal only.
    { query: { limit: '0x10' }, field: 'limit' },
    { query: { limit: '0b11' }, field: 'limit' },
    { query: { limit: ' 5' }, field: 'limit' },
    { query: { limit: '1e3' }, field: 'limit' },
    { query: { status: 'lost' }, field: 'status' },
    { query: { stage: 'qa' }, field: 'stage' },
    { query: { message_type: 'sms' }, field: 'message_type' },
    { query: { sort: 'asc' }, field: 'sort' },
    { query: { cursor: 'not-a-cursor!' }, field: 'cursor' },
    { query: { cursor: Buffer.from('{"v":1}').toString('base64url') }, field: 'cursor' },
  ])('$query → 400 naming $field', async ({ query, field }) => {
    const response = await api.callAuthed({ path: '/api/messages', query });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect((response.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
  });

  it('refuses a cursor cut from another filter with a 400 naming cursor', async () => {
    const first = (await api.callAuthed({ path: '/api/messages', query: { limit: '2', stage: 'dev' } })).body as Page;
    const response = await api.callAuthed({ path: '/api/messages', query: { limit: '2', stage: 'prod', cursor: first.next_cursor ?? '' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ field: 'cursor', detail: expect.stringContaining('other filters') }] });
  });
});

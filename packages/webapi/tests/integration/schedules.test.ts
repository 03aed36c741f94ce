import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { syncStackSchedules, type Message } from '@rez-agent/core';
import { dynamoDbEndpoint } from '@rez-agent/testing';
import { useWebApi } from '../helpers/webapi';

const api = useWebApi();

interface ScheduleBody {
  name: string;
  state: string;
  source: string;
  next_run_at: string | null;
  last_message_id?: string;
  [field: string]: unknown;
}
interface ProblemBody {
  status: number;
  detail: string;
  errors?: { pointer?: string; field?: string; detail: string }[];
}

const schedule = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  expression: 'rate(1 hour)',
  timezone: 'Europe/London',
  message: { payload: `from ${name}`, title: 'rez-agent', priority: 4, tags: ['alarm_clock'] },
  ...overrides,
});

const create = (body: unknown) => api.callAuthed({ method: 'POST', path: '/api/schedules', body });

describe('POST /api/schedules', () => {
  it('stores a schedule and answers 201 with it, its next run and its location', async () => {
    const response = await create(schedule('created'));

    expect(response.status).toBe(201);
    expect(response.headers.location).toBe('/api/schedules/created');
    const body = response.body as ScheduleBody;
    expect(body).toMatchObject({
      name: 'created',
      expression: 'rate(1 hour)',
      timezone: 'Europe/London',
      message: { message_type: 'scheduled', payload: 'from created' },
      state: 'enabled',
      source: 'api',
      missed_runs: 0,
    });
    expect(Date.parse(body.next_run_at ?? '') - Date.now()).toBeGreaterThan(3_500_000);
    expect(body).not.toHaveProperty('anchor_at');
    expect((await api.callAuthed({ path: '/api/schedules/created' })).body).toEqual(body);
  });

  it('refuses a name already taken with a 409 and changes nothing', async () => {
    await create(schedule('taken'));
    const response = await create(schedule('taken', { expression: 'rate(5 minutes)' }));
    expect(response.status).toBe(409);
    expect((response.body as ProblemBody).detail).toContain('taken');
    expect((await api.callAuthed({ path: '/api/schedules/taken' })).body).toMatchObject({ expression: 'rate(1 hour)' });
  });

  it.each([
    ['no name', { ...schedule('x'), name: undefined }, '#/name'],
    ['a name with a space', schedule('with space'), '#/name'],
    ['a name over 64 characters', schedule('a'.repeat(65)), '#/name'],
    ['an expression of another syntax', schedule('bad-expr', { expression: '0 9 * * *' }), '#/expression'],
    ['a cron() with five fields', schedule('bad-cron', { expression: 'cron(0 9 * * *)' }), '#/expression'],
    ['a rate in seconds', schedule('bad-rate', { expression: 'rate(10 seconds)' }), '#/expression'],
    ['an unknown time zone', schedule('bad-zone', { timezone: 'Mars/Olympus' }), '#/timezone'],
    ['a UTC offset for a zone', schedule('offset', { timezone: '+01:00' }), '#/timezone'],
    ['no message', { ...schedule('x'), message: undefined }, '#/message'],
    ['a message without payload', schedule('no-payload', { message: { title: 'x' } }), '#/message/payload'],
    ['a message with a delivery time', schedule('later', { message: { payload: 'x', delay: '5m' } }), '#/message/delay'],
    ['a priority out of range', schedule('loud', { message: { payload: 'x', priority: 9 } }), '#/message/priority'],
    ['enabled that is not a boolean', schedule('maybe', { enabled: 'yes' }), '#/enabled'],
    ['an unknown field', schedule('extra', { colour: 'red' }), '#/colour'],
  ])('answers 400 naming the field for %s, and stores nothing', async (_what, body, pointer) => {
    const response = await create(body);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect((response.body as ProblemBody).errors?.map((error) => error.pointer)).toContain(pointer);
    const name = (body as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(name)) expect((await api.callAuthed({ path: `/api/schedules/${name}` })).status).toBe(404);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await api.callAuthed({ method: 'POST', path: '/api/schedules', body: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(415);
  });
});

describe('GET /api/schedules', () => {
  it('lists by name, a page at a time, and names a bad limit or cursor', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await create(schedule(name));
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await api.callAuthed({ path: '/api/schedules', query: { limit: '2', cursor } });
      expect(response.status).toBe(200);
      const page = response.body as { schedules: ScheduleBody[]; next_cursor?: string };
      names.push(...page.schedules.map((entry) => entry.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(names.filter((name) => name.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);

    for (const [query, field] of [[{ limit: '0' }, 'limit'], [{ limit: '1e3' }, 'limit'], [{ cursor: 'nope' }, 'cursor'], [{ colour: 'red' }, 'colour']] as const) {
      const response = await api.callAuthed({ path: '/api/schedules', query });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((response.body as ProblemBody).errors?.map((error) => error.field)).toContain(field);
    }
  });
});

describe('one schedule by name', () => {
  it.each([
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['POST', '/pause'],
    ['POST', '/resume'],
    ['POST', '/trigger'],
  ])('%s /api/schedules/{name}%s of an unknown or impossible name is a 404', async (method, suffix) => {
    for (const name of ['nobody', 'not%20a%20name']) {
      const response = await api.callAuthed({ method, path: `/api/schedules/${name}${suffix}`, ...(method === 'PATCH' ? { body: { enabled: false } } : {}) });
      expect({ name, status: response.status }).toEqual({ name, status: 404 });
    }
  });

  it('PATCH changes what it is given and answers 400 naming a bad field', async () => {
    await create(schedule('patched'));
    const patched = await api.callAuthed({ method: 'PATCH', path: '/api/schedules/patched', body: { expression: 'cron(0 9 ? * MON-FRI *)', message: { payload: 'weekday' } } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ expression: 'cron(0 9 ? * MON-FRI *)', timezone: 'Europe/London', message: { payload: 'weekday', message_type: 'scheduled' } });

    for (const [body, pointer] of [[{}, '#'], [{ name: 'renamed' }, '#/name'], [{ timezone: 'Nowhere' }, '#/timezone'], [{ expression: 'rate(0 minutes)' }, '#/expression']] as const) {
      const response = await api.callAuthed({ method: 'PATCH', path: '/api/schedules/patched', body });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect((response.body as ProblemBody).errors?.map((error) => error.pointer)).toContain(pointer);
    }
    expect((await api.callAuthed({ path: '/api/schedules/patched' })).body).toMatchObject({ timezone: 'Europe/London', expression: 'cron(0 9 ? * MON-FRI *)' });
  });

  it('pause takes it out of the tick, resume puts it back from its next occurrence, trigger fires one message now', async () => {
    await create(schedule('actions'));
    const paused = await api.callAuthed({ method: 'POST', path: '/api/schedules/actions/pause' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ state: 'paused', next_run_at: null });

    const triggered = await api.callAuthed({ method: 'POST', path: '/api/schedules/actions/trigger' });
    expect(triggered.status).toBe(202);
    const message = triggered.body as Message;
    expect(message).toMatchObject({ status: 'queued', payload: 'from actions', message_type: 'scheduled', created_by: 'schedule:actions', priority: 4 });
    expect(triggered.headers.location).toBe(`/api/messages/${message.id}`);
    expect((await api.published()).map((published) => published.id)).toContain(message.id);

    const resumed = await api.callAuthed({ method: 'POST', path: '/api/schedules/actions/resume' });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ state: 'enabled', last_message_id: message.id });
    expect(Date.parse((resumed.body as ScheduleBody).next_run_at ?? '')).toBeGreaterThan(Date.now());
  });

  it('DELETE answers 204 and the schedule is gone', async () => {
    await create(schedule('deleted'));
    const response = await api.callAuthed({ method: 'DELETE', path: '/api/schedules/deleted' });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    expect((await api.callAuthed({ path: '/api/schedules/deleted' })).status).toBe(404);
  });
});

describe('stack schedules', () => {
  it('are listed with source stack, can be paused, resumed and triggered, but a PATCH or DELETE is a 409 saying the stack manages them', async () => {
    const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await syncStackSchedules(client, api.table.tableName, [{ name: 'stack-owned', expression: 'cron(0 9 * * ? *)', timezone: 'UTC', input: {} }]);
    client.destroy();

    const listed = (await api.callAuthed({ path: '/api/schedules', query: { limit: '100' } })).body as { schedules: ScheduleBody[] };
    expect(listed.schedules.find((entry) => entry.name === 'stack-owned')).toMatchObject({ source: 'stack', message: { message_type: 'hello_world', payload: 'hello world' } });

    for (const request of [
      { method: 'PATCH', path: '/api/schedules/stack-owned', body: { enabled: false } },
      { method: 'DELETE', path: '/api/schedules/stack-owned' },
    ]) {
      const response = await api.callAuthed(request);
      expect({ method: request.method, status: response.status }).toEqual({ method: request.method, status: 409 });
      expect((response.body as ProblemBody).detail).toContain('managed by the stack');
    }
    expect((await api.callAuthed({ method: 'POST', path: '/api/schedules/stack-owned/pause' })).body).toMatchObject({ state: 'paused' });
    expect((await api.callAuthed({ method: 'POST', path: '/api/schedules/stack-owned/resume' })).body).toMatchObject({ state: 'enabled' });
    expect((await api.callAuthed({ method: 'POST', path: '/api/schedules/stack-owned/trigger' })).status).toBe(202);
    await api.published();
  });
});

import { describe, expect, it } from '@jest/globals';
import {
  ValidationError,
  buildMessage,
  parseCreateMessageRequest,
  parseListQuery,
  parseMessage,
  parseQueueRecordBody,
  scheduleInputIssues,
  MAX_TAGS_BYTES,
  type FieldIssue,
} from '../../src/index';

function issuesOf(run: () => unknown): FieldIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const valid = { payload: 'hello' };

describe('create message request', () => {
  it.each([
    ['the minimum', { payload: 'x' }],
    ['every field', { message_type: 'hello_world', payload: 'hi', title: 'T', priority: 5, tags: ['a', 'b'], click: 'https://example.com/x', markdown: true }],
    ['an http click URL', { payload: 'x', click: 'http://example.com' }],
    ['a payload of exactly 4096 bytes', { payload: 'a'.repeat(4096) }],
    ['a 4096-byte payload of 2-byte characters', { payload: 'é'.repeat(2048) }],
    ['ten tags of 50 characters (509 bytes joined)', { payload: 'x', tags: Array.from({ length: 10 }, () => 't'.repeat(50)) }],
    ['priority 1', { payload: 'x', priority: 1 }],
    ['no tags', { payload: 'x', tags: [] }],
  ])('accepts %s', (_name, body) => {
    expect(parseCreateMessageRequest(body)).toMatchObject(body);
  });

  it('defaults message_type to manual without touching the caller’s object', () => {
    const body = { payload: 'x' };
    expect(parseCreateMessageRequest(body).message_type).toBe('manual');
    expect(body).toEqual({ payload: 'x' });
  });

  it.each([
    ['a missing payload', {}, '/payload', 'is required'],
    ['an empty payload', { payload: '' }, '/payload', 'must NOT have fewer than 1 characters'],
    ['a payload of 4097 bytes', { payload: 'a'.repeat(4097) }, '/payload', 'must be at most 4096 bytes of UTF-8'],
    ['2049 two-byte characters (4098 bytes)', { payload: 'é'.repeat(2049) }, '/payload', 'must be at most 4096 bytes of UTF-8'],
    ['a non-string payload', { payload: 42 }, '/payload', 'must be string'],
    ['an unknown message_type', { payload: 'x', message_type: 'sms' }, '/message_type', 'must be one of: hello_world, manual, scheduled'],
    ['priority 0', { payload: 'x', priority: 0 }, '/priority', 'must be >= 1'],
    ['priority 6', { payload: 'x', priority: 6 }, '/priority', 'must be <= 5'],
    ['a fractional priority', { payload: 'x', priority: 2.5 }, '/priority', 'must be integer'],
    ['eleven tags', { payload: 'x', tags: Array.from({ length: 11 }, () => 't') }, '/tags', 'must NOT have more than 10 items'],
    ['an empty tag', { payload: 'x', tags: ['ok', ''] }, '/tags/1', 'must NOT have fewer than 1 characters'],
    ['a 65-character tag', { payload: 'x', tags: ['t'.repeat(65)] }, '/tags/0', 'must NOT have more than 64 characters'],
    ['a tag with a comma (ntfy would split it)', { payload: 'x', tags: ['ok', 'a,b'] }, '/tags/1', 'must not contain a comma'],
    ['a javascript: click URL', { payload: 'x', click: 'javascript:alert(1)' }, '/click', 'must be an http or https URL'],
    ['an ftp click URL', { payload: 'x', click: 'ftp://example.com/file' }, '/click', 'must be an http or https URL'],
    ['a relative click URL', { payload: 'x', click: '/relative' }, '/click', 'must be an http or https URL'],
    ['a click URL with no host', { payload: 'x', click: 'https://' }, '/click', 'must be an http or https URL'],
    ['a non-boolean markdown', { payload: 'x', markdown: 'yes' }, '/markdown', 'must be boolean'],
    ['an unknown field', { payload: 'x', colour: 'red' }, '/colour', 'is not allowed'],
    ['a status (server-owned)', { payload: 'x', status: 'completed' }, '/status', 'is not allowed'],
    ['an empty title', { payload: 'x', title: '' }, '/title', 'must NOT have fewer than 1 characters'],
  ])('rejects %s', (_name, body, path, message) => {
    expect(issuesOf(() => parseCreateMessageRequest(body))).toContainEqual({ path, message });
  });

  it.each([['null', null], ['an array', [valid]], ['a string', 'payload'], ['a number', 7]])('rejects %s as the body', (_name, body) => {
    expect(issuesOf(() => parseCreateMessageRequest(body))).toContainEqual({ path: '/', message: 'must be object' });
  });

  it('lists every failing field at once', () => {
    const paths = issuesOf(() => parseCreateMessageRequest({ priority: 9, tags: 'a', extra: 1 })).map((issue) => issue.path);
    expect(paths.sort()).toEqual(['/extra', '/payload', '/priority', '/tags']);
  });

  it('names the fields in the error message', () => {
    expect(() => parseCreateMessageRequest({ priority: 9 })).toThrow(/\/payload is required; \/priority must be <= 5/);
  });
});

describe('create message request: ntfy limits', () => {
  it('accepts tags of exactly 512 bytes joined by commas', () => {
    // 7 × 64 + 57 characters + 7 commas = 512
    const tags = [...Array.from({ length: 7 }, () => 't'.repeat(64)), 't'.repeat(57)];
    expect(Buffer.byteLength(tags.join(','))).toBe(MAX_TAGS_BYTES);
    expect(parseCreateMessageRequest({ payload: 'x', tags }).tags).toEqual(tags);
  });

  it.each([
    ['ten 64-character tags (649 bytes)', Array.from({ length: 10 }, () => 't'.repeat(64))],
    ['one byte over (513)', [...Array.from({ length: 7 }, () => 't'.repeat(64)), 't'.repeat(58)]],
    ['multi-byte tags under 64 characters each', Array.from({ length: 3 }, () => 'é'.repeat(64)).concat(['🎉'.repeat(40)])],
  ])('refuses %s at /tags', (_name, tags) => {
    expect(Buffer.byteLength(tags.join(','))).toBeGreaterThan(MAX_TAGS_BYTES);
    expect(issuesOf(() => parseCreateMessageRequest({ payload: 'x', tags }))).toEqual([
      { path: '/tags', message: `must be at most ${MAX_TAGS_BYTES} bytes of UTF-8 together, commas included` },
    ]);
  });

  it.each([
    ['payload', { payload: 'a\ud800b' }, '/payload'],
    ['title', { payload: 'x', title: '\udfff' }, '/title'],
    ['tag', { payload: 'x', tags: ['ok', '\ud83d'] }, '/tags/1'],
  ])('refuses a %s with a lone surrogate, which has no UTF-8 form', (_name, body, path) => {
    expect(issuesOf(() => parseCreateMessageRequest(body))).toEqual([{ path, message: 'must be well-formed Unicode (no lone surrogate)' }]);
  });

  it.each([
    ['a title with a trailing space', { payload: 'x', title: 'Backup ' }, '/title'],
    ['a title of spaces only', { payload: 'x', title: '   ' }, '/title'],
    ['a tag with a leading tab', { payload: 'x', tags: ['\turgent'] }, '/tags/0'],
    ['a tag ending in a no-break space', { payload: 'x', tags: ['ok', 'urgent\u00a0'] }, '/tags/1'],
    ['a tag of an ideographic space', { payload: 'x', tags: ['\u3000'] }, '/tags/0'],
  ])('refuses %s, which ntfy would trim away', (_name, body, path) => {
    expect(issuesOf(() => parseCreateMessageRequest(body))).toEqual([{ path, message: 'must not start or end with white space' }]);
  });

  it('accepts space inside a title or a tag', () => {
    expect(parseCreateMessageRequest({ payload: ' x ', title: 'Nightly  backup', tags: ['two words'] })).toMatchObject({ title: 'Nightly  backup', tags: ['two words'] });
  });

  it('accepts surrogate pairs (emoji)', () => {
    expect(parseCreateMessageRequest({ payload: '🎉', title: '✅ 🎉', tags: ['🎉'] }).payload).toBe('🎉');
  });

  it('applies the same limit to a schedule input', () => {
    const tags = Array.from({ length: 10 }, () => 't'.repeat(64));
    expect(scheduleInputIssues({ tags }, '/schedules/0/input')).toEqual([
      { path: '/schedules/0/input/tags', message: `must be at most ${MAX_TAGS_BYTES} bytes of UTF-8 together, commas included` },
    ]);
  });
});

describe('create message request: deep input', () => {
  it('is refused as invalid without recursing into it', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(issuesOf(() => parseCreateMessageRequest({ payload: 'x', tags: deep }))).toEqual([{ path: '/tags/0', message: 'must be string' }]);
    expect(issuesOf(() => parseCreateMessageRequest(deep))).toEqual([{ path: '/', message: 'must be object' }]);
  });
});

describe('list query', () => {
  it('defaults limit to 100', () => {
    expect(parseListQuery({})).toEqual({ limit: 100 });
  });

  it.each([
    [{ limit: '1' }, { limit: 1 }],
    [{ limit: '1000' }, { limit: 1000 }],
    [{ limit: '007' }, { limit: 7 }],
    [{ status: 'failed', stage: 'prod', message_type: 'scheduled' }, { status: 'failed', stage: 'prod', message_type: 'scheduled', limit: 100 }],
    [{ cursor: 'abc' }, { cursor: 'abc', limit: 100 }],
  ])('accepts %j', (query, expected) => {
    expect(parseListQuery(query)).toEqual(expected);
  });

  it.each([
    [{ limit: '0' }, '/limit'],
    [{ limit: '1001' }, '/limit'],
    [{ limit: 'ten' }, '/limit'],
    [{ limit: '2.5' }, '/limit'],
    // Not plain decimal integers, though Number() reads each as one.
    [{ limit: '0x10' }, '/limit'],
    [{ limit: '0b11' }, '/limit'],
    [{ limit: '0o7' }, '/limit'],
    [{ limit: ' 5' }, '/limit'],
    [{ limit: '5 ' }, '/limit'],
    [{ limit: '1e3' }, '/limit'],
    [{ limit: '5.0' }, '/limit'],
    [{ limit: '+5' }, '/limit'],
    [{ limit: '' }, '/limit'],
    [{ limit: '-1' }, '/limit'],
    [{ status: 'done' }, '/status'],
    [{ stage: 'qa' }, '/stage'],
    [{ message_type: 'email' }, '/message_type'],
    [{ cursor: '' }, '/cursor'],
    [{ sort: 'asc' }, '/sort'],
  ])('rejects %j at %s', (query, path) => {
    expect(issuesOf(() => parseListQuery(query)).map((issue) => issue.path)).toContain(path);
  });
});

describe('message and queue record body', () => {
  const message = buildMessage(
    { message_type: 'manual', payload: 'hi', created_by: 'api', tags: ['x'] },
    { stage: 'dev', clock: { now: () => new Date('2026-03-04T05:06:07.089Z') }, ids: { next: () => '01J0000000000000000000000A' } },
  );

  it('accepts a built message, as a message and as a queue record body', () => {
    expect(parseMessage(message)).toEqual(message);
    expect(parseQueueRecordBody(JSON.parse(JSON.stringify(message)))).toEqual(message);
  });

  it.each([
    ['an id that is not a ULID', { id: 'not-a-ulid' }, '/id'],
    ['an unknown status', { status: 'sent' }, '/status'],
    ['a timestamp without milliseconds', { created_date: '2026-03-04T05:06:07Z' }, '/created_date'],
    ['a day that does not exist', { created_date: '2026-02-30T05:06:07.000Z' }, '/created_date'],
    ['an hour that does not exist', { updated_date: '2026-03-04T25:06:07.000Z' }, '/updated_date'],
    ['negative attempts', { attempts: -1 }, '/attempts'],
    ['an unknown stage', { stage: 'test' }, '/stage'],
  ])('rejects a message with %s', (_name, change, path) => {
    expect(issuesOf(() => parseMessage({ ...message, ...change })).map((issue) => issue.path)).toContain(path);
  });

  it('reads only the id of a queue record body, so fields a newer publisher adds or changes pass', () => {
    const newer = { ...message, status: 'sent', delivery_window: { from: '09:00' } };
    expect(parseQueueRecordBody(newer)).toEqual(newer);
  });

  it('rejects a queue record body whose id is missing or not a ULID', () => {
    const { id: _id, ...rest } = message;
    expect(issuesOf(() => parseQueueRecordBody(rest))).toContainEqual({ path: '/id', message: 'is required' });
    expect(issuesOf(() => parseQueueRecordBody({ ...message, id: 'not-a-ulid' })).map((issue) => issue.path)).toEqual(['/id']);
  });
});

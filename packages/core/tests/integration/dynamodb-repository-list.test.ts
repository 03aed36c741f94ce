import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  LIST_FILTERS,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  STAGES,
  ValidationError,
  type ListFilter,
  type ListQuery,
  type Message,
  type MessagePage,
} from '../../src/index';
import { inBatches, messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
const makeMessage = messageMaker();
const saved: Message[] = [];

// 55 messages spread over every stage, status and type by co-prime strides, saved in creation order.
beforeAll(async () => {
  for (let n = 0; n < 55; n += 1) {
    saved.push(
      makeMessage({
        stage: STAGES[n % STAGES.length],
        status: MESSAGE_STATUSES[(n * 2) % MESSAGE_STATUSES.length],
        message_type: MESSAGE_TYPES[(n * 5 + 1) % MESSAGE_TYPES.length],
      }),
    );
  }
  await inBatches(
    saved.map((message) => () => fixture.repository.save(message)),
    8,
  );
});

type Filters = Omit<ListQuery, 'limit' | 'cursor'>;

/** Follows next_cursor to the end, returning every page. */
async function allPages(filters: Filters, limit: number): Promise<MessagePage[]> {
  const pages: MessagePage[] = [];
  let cursor: string | undefined;
  do {
    const page = await fixture.repository.list({ ...filters, limit, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.next_cursor;
  } while (cursor && pages.length < 100);
  return pages;
}

/** What a list must return: the saved messages matching every filter, newest first. */
const bruteForce = (filters: Filters): string[] =>
  saved
    .filter((message) => LIST_FILTERS.every((filter) => filters[filter] === undefined || filters[filter] === message[filter]))
    .map((message) => message.id)
    .reverse();

const VALUES: Record<ListFilter, readonly string[]> = { stage: STAGES, status: MESSAGE_STATUSES, message_type: MESSAGE_TYPES };

/** Every query with any subset of the filters, each filter taking each of its values. */
function everyFilterCombination(): Filters[] {
  let combinations: Filters[] = [{}];
  for (const filter of LIST_FILTERS) {
    combinations = combinations.flatMap((base) => [base, ...VALUES[filter].map((value) => ({ ...base, [filter]: value }))]);
  }
  return combinations;
}

const ids = (pages: MessagePage[]) => pages.flatMap((page) => page.messages.map((message) => message.id));

describe('DynamoDbMessageRepository list', () => {
  it('pages through all 55 messages 7 at a time, newest first, with no duplicate or gap', async () => {
    const pages = await allPages({}, 7);

    expect(pages.map((page) => page.messages.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 6]);
    expect(ids(pages)).toEqual(bruteForce({}));
  });

  it('pages through one status 7 at a time with no duplicate or gap', async () => {
    const pages = await allPages({ status: 'queued' }, 7);

    expect(ids(pages)).toEqual(bruteForce({ status: 'queued' }));
    expect(pages.length).toBeGreaterThan(1);
  });

  it('returns exactly the brute-force selection for every filter combination', async () => {
    const combinations = everyFilterCombination();
    expect(combinations).toHaveLength(4 * (MESSAGE_STATUSES.length + 1) * 4);

    for (const filters of combinations) {
      expect({ filters, ids: ids(await allPages(filters, 4)) }).toEqual({ filters, ids: bruteForce(filters) });
    }
  });

  it('gives no next_cursor when the last page is exactly full', async () => {
    const page = await fixture.repository.list({ limit: 55 });

    expect(page.messages).toHaveLength(55);
    expect(page.next_cursor).toBeUndefined();
  });

  it('returns an empty page without a cursor for a filter nothing matches', async () => {
    const page = await fixture.repository.list({ stage: 'prod', status: 'completed', message_type: 'hello_world', limit: 5 });

    expect(bruteForce({ stage: 'prod', status: 'completed', message_type: 'hello_world' })).toEqual([]);
    expect(page).toEqual({ messages: [] });
  });

  it('returns messages without the table attributes', async () => {
    const page = await fixture.repository.list({ limit: 1 });

    expect(page.messages).toEqual([saved.at(-1)]);
  });

  it.each([0, 1001, 1.5, Number.NaN])('rejects limit %p with a ValidationError at /limit', async (limit) => {
    await expect(fixture.repository.list({ limit })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ path: '/limit' }],
    });
  });

  it('accepts the page size bounds 1 and 1000', async () => {
    expect((await fixture.repository.list({ limit: 1 })).messages).toHaveLength(1);
    expect((await fixture.repository.list({ limit: 1000 })).messages).toHaveLength(55);
  });
});

describe('DynamoDbMessageRepository list cursor', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const cursorOf = async (filters: Filters) => {
    const cursor = (await fixture.repository.list({ ...filters, limit: 2 })).next_cursor;
    if (!cursor) throw new Error('expected a cursor');
    return cursor;
  };

  const expectCursorRejected = async (query: ListQuery) => {
    const error: unknown = await fixture.repository.list(query).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['/cursor']);
  };

  it.each([
    ['garbage', 'not a cursor!'],
    ['an empty string', ''],
    ['base64url of text that is not JSON', Buffer.from('hello world').toString('base64url')],
    ['base64url of a JSON array', encode([1, 2, 3])],
    ['base64url of JSON with the wrong fields', encode({ v: 1, i: 'by_all', p: 'MSG' })],
    ['base64url of JSON whose id is not a ULID', encode({ v: 1, i: 'by_all', p: 'MSG', id: 'MSG#x' })],
    ['base64url of JSON with an unknown version', encode({ v: 2, i: 'by_all', p: 'MSG', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })],
  ])('rejects %s as a ValidationError at /cursor', async (_label, cursor) => {
    await expectCursorRejected({ limit: 5, cursor });
  });

  it('rejects a real cursor with one character changed', async () => {
    const cursor = await cursorOf({});
    const tampered = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;

    await expectCursorRejected({ limit: 5, cursor: tampered });
  });

  it('rejects a cursor from another filter', async () => {
    await expectCursorRejected({ stage: 'dev', limit: 5, cursor: await cursorOf({ status: 'queued' }) });
  });

  it('rejects a cursor from the same filter with another value', async () => {
    await expectCursorRejected({ status: 'failed', limit: 5, cursor: await cursorOf({ status: 'queued' }) });
  });

  it('rejects a cursor from a filtered listing when listing everything', async () => {
    await expectCursorRejected({ limit: 5, cursor: await cursorOf({ stage: 'dev' }) });
  });
});

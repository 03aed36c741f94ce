import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../../src/http/request';
import { useWebApi } from '../helpers/webapi';

const api = useWebApi();

/** `levels` arrays or objects around `inner`, e.g. `[{"k":[...]}]`, as the text a client sends. */
function nest(levels: number, shapes: readonly ('array' | 'object')[], inner: string): string {
  let open = '';
  let close = '';
  for (let level = 0; level < levels; level += 1) {
    const shape = shapes[level % shapes.length];
    open += shape === 'array' ? '[' : '{"k":';
    close = (shape === 'array' ? ']' : '}') + close;
  }
  return open + inner + close;
}

const shapes = fc.array(fc.constantFrom('array' as const, 'object' as const), { minLength: 1, maxLength: 4 });
// Where the deep value sits: the whole body, a known field, or an unknown one.
const placement = fc.constantFrom(
  (deep: string) => deep,
  (deep: string) => `{"payload":"hi","tags":${deep}}`,
  (deep: string) => `{"payload":${deep}}`,
  (deep: string) => `{"payload":"hi","extra":${deep}}`,
);
const deepBody = fc
  .record({ levels: fc.integer({ min: MAX_JSON_DEPTH + 1, max: 20_000 }), shapes, placement, inner: fc.constantFrom('1', '"x"', 'null', '[]') })
  .map(({ levels, shapes: kinds, placement: place, inner }) => place(nest(levels, kinds, inner)));
// Wide but shallow (and each invalid): more tags than allowed, unknown keys, an array body; up to past the size limit.
const wideBody = fc.oneof(
  fc.integer({ min: 11, max: 40_000 }).map((count) => `{"payload":"hi","tags":[${Array.from({ length: count }, () => '"t"').join(',')}]}`),
  fc.integer({ min: 1, max: 8_000 }).map((count) => `{"payload":"hi",${Array.from({ length: count }, (_, index) => `"k${index}":${index}`).join(',')}}`),
  fc.integer({ min: 1, max: 20_000 }).map((count) => `[${'0,'.repeat(count)}0]`),
);

describe('deep and wide JSON bodies', () => {
  it('are refused with a 400 or 413 problem, never a 5xx, and store and publish nothing', async () => {
    const statuses = new Set<number>();
    const before = (await api.repository.metrics()).total;
    await fc.assert(
      fc.asyncProperty(fc.oneof(deepBody, wideBody), async (body) => {
        const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body, headers: { 'content-type': 'application/json' } });

        expect([400, 413]).toContain(response.status);
        expect(response.headers['content-type']).toBe('application/problem+json');
        expect(response.status === 413).toBe(Buffer.byteLength(body) > MAX_BODY_BYTES);
        statuses.add(response.status);
      }),
      { numRuns: 120 },
    );
    expect(statuses).toContain(400);
    expect((await api.repository.metrics()).total).toBe(before);
    expect(await api.published()).toEqual([]);
  }, 120_000);

  it('name the nesting as the problem once a body is too deep', async () => {
    const response = await api.callAuthed({
      method: 'POST',
      path: '/api/messages',
      body: `{"payload":"hi","tags":${nest(3_240, ['array'], '1')}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect((response.body as { errors: unknown }).errors).toEqual([{ pointer: '#', detail: `must not nest more than ${MAX_JSON_DEPTH} levels deep` }]);
  });

  it('count brackets inside strings as text, not nesting', async () => {
    const payload = `${'['.repeat(500)}{"quoted \\" bracket":[${']'.repeat(500)}`;
    const response = await api.callAuthed({ method: 'POST', path: '/api/messages', body: { payload } });
    expect(response.status).toBe(201);
    expect((response.body as { payload: string }).payload).toBe(payload);
    expect(await api.published()).toHaveLength(1);
  });
});

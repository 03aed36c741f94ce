import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ApiRequest } from '@rez-agent/testing';
import { API_TOKEN, useWebApi } from '../helpers/webapi';

const api = useWebApi();

const KNOWN_PATHS = ['/api/health', '/api/messages', '/api/metrics', '/api/messages/01KBZ0000000000000000000A1', '/api/messages/01KBZ0000000000000000000A1/retry'];

const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_PATHS) },
  fc.string().map((id) => `/api/messages/${encodeURIComponent(id)}`),
  fc.string().map((id) => `/api/messages/${id}/retry`),
  fc.webPath(),
);
const queryValue = fc.oneof(fc.string(), fc.constantFrom('dev', 'prod', 'queued', 'failed', 'manual', '0', '1', '1000', '1001', '-1', 'eyJ2IjoxfQ'));
const query = fc.dictionary(fc.oneof(fc.constantFrom('stage', 'status', 'message_type', 'limit', 'cursor'), fc.string({ minLength: 1 })), queryValue, { maxKeys: 4 });
const createLike = fc.record(
  {
    message_type: fc.oneof(fc.constantFrom('manual', 'hello_world', 'scheduled'), fc.anything()),
    payload: fc.oneof(fc.string(), fc.anything()),
    title: fc.oneof(fc.string(), fc.anything()),
    priority: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.anything()),
    tags: fc.oneof(fc.array(fc.string(), { maxLength: 12 }), fc.anything()),
    click: fc.oneof(fc.webUrl(), fc.string()),
    markdown: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.option(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), createLike.map((v) => JSON.stringify(v))), { nil: undefined });
const headers = fc.record(
  {
    authorization: fc.oneof({ weight: 4, arbitrary: fc.constant(`Bearer ${API_TOKEN}`) }, fc.string()),
    'content-type': fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'), fc.string()),
    'idempotency-key': fc.string({ maxLength: 300 }),
    'x-correlation-id': fc.string(),
    origin: fc.oneof(fc.constant('https://app.example.com'), fc.webUrl()),
  },
  { requiredKeys: [] },
);
const anyRequest = fc.record({ method, path, query, headers, body, base64: fc.boolean() });

// Mostly well-formed creates with random field values, so both sides of the property (201 and
// refused) are exercised: fully random requests almost never form a valid create.
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 9, arbitrary: valid }, fc.anything());
const createBody = fc.record(
  {
    message_type: mostly(fc.constantFrom('manual', 'hello_world', 'scheduled')),
    payload: mostly(fc.string({ minLength: 1, maxLength: 80 })),
    title: mostly(fc.string({ minLength: 1, maxLength: 20 })),
    priority: mostly(fc.integer({ min: 1, max: 5 })),
    tags: mostly(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 10 })),
    click: mostly(fc.webUrl()),
    markdown: mostly(fc.boolean()),
  },
  { requiredKeys: ['payload'] },
);
const createRequest = fc.record({
  method: fc.constant('POST'),
  path: fc.constant('/api/messages'),
  query: fc.constant({}),
  headers: fc.record(
    {
      authorization: fc.constant(`Bearer ${API_TOKEN}`),
      'content-type': fc.constant('application/json'),
      'idempotency-key': fc.string({ minLength: 1, maxLength: 3 }),
      'x-correlation-id': fc.string(),
    },
    { requiredKeys: ['authorization', 'content-type'] },
  ),
  body: createBody.map((v) => JSON.stringify(v)),
  base64: fc.boolean(),
});
const request = fc.oneof(anyRequest, createRequest);

describe('random requests', () => {
  it('never get a 5xx, and change the stored count only by the one message a 201 creates', async () => {
    let createdCount = 0;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ body: sent, ...rest }) => {
        const apiRequest: ApiRequest = { ...rest, ...(sent === undefined ? {} : { body: sent }) };
        await api.settleMetrics();
        const before = (await api.repository.metrics()).total;

        const response = await api.call(apiRequest);

        expect(response.status).toBeLessThan(500);
        expect(response.headers['x-request-id']).toBeTruthy();
        const created = response.status === 201 ? 1 : 0;
        createdCount += created;
        statuses.add(response.status);
        await api.settleMetrics();
        expect((await api.repository.metrics()).total).toBe(before + created);
      }),
      { numRuns: 100 },
    );
    // The run exercised both outcomes, or the count check above proved little.
    expect(createdCount).toBeGreaterThan(0);
    expect([...statuses].some((status) => status >= 400)).toBe(true);
    // Every publish belongs to a 201: a rejected request sent nothing to the topic.
    expect(await api.published()).toHaveLength(createdCount);
    // A hundred round trips to two emulators: seconds alone, longer beside a whole workspace run.
  }, 120_000);
});

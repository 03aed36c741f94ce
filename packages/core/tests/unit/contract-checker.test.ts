import { describe, expect, it } from '@jest/globals';
import { ContractChecker, ContractRecorder, type Exchange } from '../../src/testing/contract-checker';

const checker = new ContractChecker();
const message = {
  id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  stage: 'dev',
  message_type: 'manual',
  status: 'queued',
  payload: 'hello',
  priority: 3,
  tags: [],
  markdown: false,
  created_by: 'api',
  created_date: '2026-01-31T09:00:00.000Z',
  updated_date: '2026-01-31T09:00:00.000Z',
  attempts: 0,
  correlation_id: 'req-1',
  ttl: 1,
};
const exchange = (overrides: Partial<Exchange>): Exchange => ({
  method: 'GET',
  path: `/api/messages/${message.id}`,
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(message),
  ...overrides,
});
const problem = (status: number) => JSON.stringify({ type: 'about:blank', title: 'x', status, detail: 'x' });

describe('the contract checker', () => {
  it('passes an answer the document declares', () => {
    expect(checker.check(exchange({}))).toEqual([]);
    expect(checker.check(exchange({ status: 404, contentType: 'application/problem+json', body: problem(404) }))).toEqual([]);
  });

  it('fails a status the route does not declare', () => {
    const problems = checker.check(exchange({ status: 409, contentType: 'application/problem+json', body: problem(409) }));
    expect(problems).toEqual([expect.stringContaining('/api/messages/{id} declares no 409')]);
  });

  it('fails a body that breaks the schema, naming the field', () => {
    const problems = checker.check(exchange({ body: JSON.stringify({ ...message, status: 'lost' }) }));
    expect(problems).toEqual([expect.stringMatching(/body\/status must be equal to one of the allowed values/)]);
  });

  it('fails a nested schema too (a $ref inside a component)', () => {
    const body = JSON.stringify({ messages: [{ ...message, priority: 9 }], count: 1, next_cursor: null });
    expect(checker.check(exchange({ path: '/api/messages?limit=1', body }))).toEqual([expect.stringContaining('body/messages/0/priority')]);
  });

  it('fails a media type the document does not declare for the status', () => {
    const problems = checker.check(exchange({ status: 404, contentType: 'text/plain', body: 'nope' }));
    expect(problems).toEqual([expect.stringContaining('the answer is text/plain')]);
  });

  it('tells a literal path from a template', () => {
    expect(checker.operationOf('GET', '/api/messages?status=failed')?.template).toBe('/api/messages');
    expect(checker.operationOf('POST', `/api/messages/${message.id}/retry`)?.template).toBe('/api/messages/{id}/retry');
  });

  it('leaves what the document does not describe alone', () => {
    expect(checker.check(exchange({ path: '/_local/queues', status: 200, body: '{}' }))).toEqual([]);
    expect(checker.check(exchange({ method: 'DELETE', path: '/api/messages', status: 405 }))).toEqual([]);
  });

  it('records a test file’s exchanges and throws listing every mismatch', () => {
    const recorder = new ContractRecorder(checker);
    recorder.record(exchange({}));
    recorder.record(exchange({ path: '/_local', body: '{}' }));
    expect(recorder.checked).toBe(1);
    expect(() => recorder.assertConforms()).not.toThrow();
    recorder.record(exchange({ status: 418, body: '{}' }));
    expect(() => recorder.assertConforms()).toThrow(/declares no 418/);
  });
});

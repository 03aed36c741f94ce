import { describe, expect, it } from '@jest/globals';
import { DynamoDbMessageRepository, lazySecret, type SecretStore } from '@rez-agent/core';
import { bearerAuthenticator } from '../../src/http/auth';
import { makeHandler } from '../../src/make-handler';
import { API_TOKEN, AUTH, invoke, newMessage, useWebApi } from '../helpers/webapi';

const api = useWebApi();

describe('real faults', () => {
  it('answers 500 with no internals when DynamoDB fails, and logs the error with the request id', async () => {
    // A table that does not exist: DynamoDB Local answers ResourceNotFoundException, a genuine fault.
    const repository = new DynamoDbMessageRepository({ client: api.table.client, tableName: 'webapi-missing-table' });
    const handler = makeHandler({ ...api.deps, repository });

    const response = await invoke(handler, { path: '/api/metrics', headers: AUTH, requestId: 'Fault500AbCdEf=' });

    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['x-request-id']).toBe('Fault500AbCdEf=');
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'the server failed to handle the request; quote the X-Request-Id header when reporting it',
    });
    expect(response.raw.body).not.toMatch(/missing-table|ResourceNotFound|at /);
    const logged = api.logs.filter((line) => line.request_id === 'Fault500AbCdEf=');
    expect(logged).toContainEqual(
      expect.objectContaining({ code: 'UNEXPECTED_ERROR', level: 'ERROR', error: expect.objectContaining({ name: 'ResourceNotFoundException' }) }),
    );
    expect(logged).toContainEqual(expect.objectContaining({ code: 'REQUEST_COMPLETED', status: 500, route: '/api/metrics' }));
  });

  it('answers 500 when SSM cannot be read, stores nothing, and reads SSM again on the next request', async () => {
    let reads = 0;
    const flakySsm: SecretStore = {
      get: () => (++reads === 1 ? Promise.reject(new Error('ThrottlingException: Rate exceeded')) : Promise.resolve(API_TOKEN)),
    };
    const authenticate = bearerAuthenticator({ apiToken: lazySecret({ parameterName: '/rez-agent/dev/api-token', store: flakySsm }) });
    const handler = makeHandler({ ...api.deps, authenticate });
    await api.settleMetrics();
    const before = (await api.repository.metrics()).total;

    const failed = await invoke(handler, { method: 'POST', path: '/api/messages', headers: AUTH, body: newMessage() });
    const recovered = await invoke(handler, { method: 'POST', path: '/api/messages', headers: AUTH, body: newMessage() });

    expect(failed.status).toBe(500);
    expect(failed.raw.body).not.toContain('Throttling');
    expect(recovered.status).toBe(201);
    expect(reads).toBe(2);
    await api.settleMetrics();
    expect((await api.repository.metrics()).total).toBe(before + 1);
    expect(await api.published()).toHaveLength(1);
  });
});

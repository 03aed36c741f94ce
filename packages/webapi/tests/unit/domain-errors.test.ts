import { describe, expect, it } from '@jest/globals';
import { ConflictError, NotFoundError, ValidationError, createLogger } from '@rez-agent/core';
import { apiGatewayEvent } from '@rez-agent/testing';
import { httpErrorOf } from '../../src/http/domain-errors';
import { BadRequestError } from '../../src/http/problem';
import type { RouteRequest } from '../../src/types';

const request: RouteRequest = {
  event: apiGatewayEvent({ path: '/api/messages/01KBZ0000000000000000000A1/retry', method: 'POST' }),
  params: { id: '01KBZ0000000000000000000A1' },
  requestId: 'req-1',
  correlationId: 'req-1',
  logger: createLogger({ functionName: 'webapi', stage: 'dev', level: 'silent' }),
};
const invalid = new ValidationError('invalid', [{ path: '/limit', message: 'must be <= 1000' }]);

describe('domain errors as HTTP answers', () => {
  it('names the bad field where the route says its input is', () => {
    expect(httpErrorOf(invalid, request, { input: 'query' }).toJSON()).toMatchObject({ status: 400, errors: [{ field: 'limit', detail: 'must be <= 1000' }] });
    expect(httpErrorOf(invalid, request).toJSON()).toMatchObject({ status: 400, errors: [{ pointer: '#/limit', detail: 'must be <= 1000' }] });
  });

  it('answers 404 and 409 in the route’s words, the conflict naming the current status', () => {
    const wording = { notFound: () => 'no such message', conflict: (_request: RouteRequest, error: ConflictError) => `it is ${error.currentStatus ?? '?'}` };
    expect(httpErrorOf(new NotFoundError('message X not found'), request, wording).toJSON()).toMatchObject({ status: 404, detail: 'no such message' });
    expect(httpErrorOf(new ConflictError('lost', 'queued'), request, wording).toJSON()).toMatchObject({ status: 409, detail: 'it is queued', current_status: 'queued' });
    expect(httpErrorOf(new ConflictError('message X is queued, not failed', 'queued'), request).toJSON()).toMatchObject({ detail: 'message X is queued, not failed' });
  });

  it('passes an HttpError through and turns anything else into a 500 that hides the cause', () => {
    const bad = new BadRequestError('no');
    expect(httpErrorOf(bad, request)).toBe(bad);
    const fault = httpErrorOf(new Error('DynamoDB says: table rez-agent-dev is gone'), request);
    expect(fault.statusCode).toBe(500);
    expect(JSON.stringify(fault.toJSON())).not.toContain('DynamoDB');
  });
});

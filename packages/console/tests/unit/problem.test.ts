import { describe, expect, it } from '@jest/globals';
import { ApiProblem, fieldErrorsOf } from '../../src/api/problem';

describe('field errors of a problem+json answer', () => {
  it('keys each body error by its top-level field, an array item by its array', () => {
    const errors = fieldErrorsOf([
      { pointer: '#/payload', detail: 'must not be empty' },
      { pointer: '#/tags/2', detail: 'must not contain a comma' },
      { field: 'Idempotency-Key', detail: 'too long' },
    ]);
    expect(errors).toEqual({ payload: 'must not be empty', tags: 'must not contain a comma', 'Idempotency-Key': 'too long' });
  });

  it('joins two errors about one field', () => {
    expect(fieldErrorsOf([{ pointer: '#/tags/0', detail: 'a' }, { pointer: '#/tags/1', detail: 'b' }])).toEqual({ tags: 'a; b' });
  });

  it('names an error about the whole body "body" and undoes JSON Pointer escapes', () => {
    expect(fieldErrorsOf([{ pointer: '#', detail: 'must be an object' }, { pointer: '#/a~1b~0c', detail: 'unknown' }])).toEqual({ body: 'must be an object', 'a/b~c': 'unknown' });
  });

  it('below a prefix, keys the nested object’s fields and leaves the others out', () => {
    const problem = new ApiProblem({ status: 400, errors: [{ pointer: '#/message/title', detail: 'too long' }, { pointer: '#/name', detail: 'taken' }, { field: 'cursor', detail: 'bad' }] });
    expect(problem.fieldErrors('/message')).toEqual({ title: 'too long' });
    expect(problem.fieldErrors()).toEqual({ message: 'too long', name: 'taken', cursor: 'bad' });
  });

  it('says the detail, else the title, else the status', () => {
    expect(new ApiProblem({ status: 409, title: 'Conflict', detail: 'message is completed' }).message).toBe('message is completed');
    expect(new ApiProblem({ status: 503, title: 'Service Unavailable' }).message).toBe('Service Unavailable');
    expect(new ApiProblem({ status: 502 }).message).toBe('HTTP 502');
  });
});

import type { FieldIssue, ValidationError } from '@rez-agent/core';
import { BadRequestError, type ProblemFieldError } from './problem';

/** Where the invalid input came from: body fields are named by JSON Pointer, the rest by name. */
export type InputLocation = 'body' | 'query';

function fieldError(issue: FieldIssue, location: InputLocation): ProblemFieldError {
  if (location === 'body') return { pointer: issue.path === '/' ? '#' : `#${issue.path}`, detail: issue.message };
  // Query issues are `/limit`, `/cursor`: the parameter is the first segment.
  return { field: issue.path.split('/')[1] || 'query', detail: issue.message };
}

/** A core ValidationError as a 400 naming every bad field. */
export function badInput(error: ValidationError, location: InputLocation): BadRequestError {
  const errors = error.issues.map((issue) => fieldError(issue, location));
  const what = location === 'body' ? 'request body' : 'query string';
  return new BadRequestError(`the ${what} is invalid: ${errors.map(describe).join('; ')}`, { errors, cause: error });
}

const describe = (error: ProblemFieldError): string => `${'pointer' in error ? error.pointer : error.field} ${error.detail}`;

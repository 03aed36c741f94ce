import type { ErrorObject } from 'ajv';
import { ValidationError, type FieldIssue } from '../errors';
import type { GeneratedValidator } from './validator';

function toIssue(error: ErrorObject): FieldIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    return { path: `${error.instancePath}/${String(params.additionalProperty)}`, message: 'is not allowed' };
  }
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
    return { path: error.instancePath || '/', message: `must be one of: ${allowed}` };
  }
  return { path: error.instancePath || '/', message: error.message ?? 'is invalid' };
}

/**
 * Returns the data typed when it matches, or throws a ValidationError listing every failing
 * field path and reason. `what` names the input in the error message (e.g. "request body").
 */
export function validate<T>(check: GeneratedValidator, data: unknown, what: string): T {
  if (check(data)) return data as T;
  const issues = issuesOf(check);
  throw new ValidationError(`${what} is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}

/** The failing fields of the validator's last run, one reason per path (the first ajv gave). */
export function issuesOf(check: GeneratedValidator): FieldIssue[] {
  const issues = (check.errors ?? []).map(toIssue);
  return issues.filter((issue, index) => issues.findIndex((other) => other.path === issue.path) === index);
}

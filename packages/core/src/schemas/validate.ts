import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError, type FieldIssue } from '../errors';

const utf8 = new TextEncoder();

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, strict: true });
  addFormats(ajv, ['uri', 'date-time']);
  ajv.addKeyword({
    keyword: 'maxBytes',
    type: 'string',
    schemaType: 'number',
    error: { message: (cxt) => `must be at most ${String(cxt.schema)} bytes of UTF-8` },
    validate: (max: number, data: string) => utf8.encode(data).length <= max,
  });
  return ajv;
}

let strictAjv: Ajv | undefined;
let coercingAjv: Ajv | undefined;

/**
 * A validator compiled on first use and kept for the life of the process: compiling costs
 * milliseconds a cold start need not pay before the first request that uses it.
 */
export function compiledValidator<T>(schema: object, options: { coerceTypes?: boolean } = {}): () => ValidateFunction<T> {
  let compiled: ValidateFunction<T> | undefined;
  return () => {
    if (!compiled) {
      const ajv = options.coerceTypes ? (coercingAjv ??= makeAjv(true)) : (strictAjv ??= makeAjv(false));
      compiled = ajv.compile<T>(schema);
    }
    return compiled;
  };
}

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
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/click')) {
    return { path: error.instancePath, message: 'must be an http or https URL' };
  }
  return { path: error.instancePath || '/', message: error.message ?? 'is invalid' };
}

/**
 * Returns the data typed when it matches, or throws a ValidationError listing every failing
 * field path and reason. `what` names the input in the error message (e.g. "request body").
 */
export function validate<T>(validator: () => ValidateFunction<T>, data: unknown, what: string): T {
  const check = validator();
  if (check(data)) return data;
  const issues = (check.errors ?? []).map(toIssue);
  // ajv may report one field twice (format and pattern); keep the first reason for each path.
  const unique = issues.filter((issue, index) => issues.findIndex((other) => other.path === issue.path) === index);
  throw new ValidationError(`${what} is invalid: ${unique.map((i) => `${i.path} ${i.message}`).join('; ')}`, unique);
}

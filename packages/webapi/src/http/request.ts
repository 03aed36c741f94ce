import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MAX_REQUEST_BODY_BYTES } from '@rez-agent/core';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './problem';

/** The largest decoded body accepted, in bytes (core's, which the sandbox gateway applies too). */
export const MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
/** The deepest nesting of arrays and objects accepted; a valid create body nests 2 deep. */
export const MAX_JSON_DEPTH = 16;

/** Header lookup by any casing: API Gateway lower-cases names, other callers may not. */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * The path the routes see: with a named API Gateway stage rawPath starts with `/<stage>`, and a
 * trailing slash is forgiven so `/api/messages/` is `/api/messages`.
 */
export function routePath(event: APIGatewayProxyEventV2): string {
  const stage = event.requestContext.stage;
  let path = event.rawPath || '/';
  if (stage && stage !== '$default' && (path === `/${stage}` || path.startsWith(`/${stage}/`))) {
    path = path.slice(stage.length + 1) || '/';
  }
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Throws 415 unless the Content-Type is application/json (parameters allowed, charset UTF-8 only). */
export function assertJsonContentType(event: APIGatewayProxyEventV2): void {
  const contentType = header(event, 'content-type');
  if (contentType === undefined) throw new UnsupportedMediaTypeError(undefined);
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new UnsupportedMediaTypeError(contentType);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether JSON text nests arrays/objects deeper than `limit`, found in one pass without
 * recursion, so no later recursive step (a clone, a validator, a log serialiser) meets a
 * body thousands of levels deep. Brackets inside strings do not count.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The body as JSON: size checked on the decoded bytes (base64 bodies too), then UTF-8 decoded,
 * nesting depth bounded, and JSON parsed. Every failure is the client's: 413 or 400.
 */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES, bytes.length);
  if (bytes.length === 0) throw new BadRequestError('the request body is empty; send a JSON object', { errors: [{ pointer: '#', detail: 'is required' }] });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new BadRequestError('the request body is not valid UTF-8', { cause: error });
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new BadRequestError(`the request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`, {
      errors: [{ pointer: '#', detail: `must not nest more than ${MAX_JSON_DEPTH} levels deep` }],
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequestError(`the request body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

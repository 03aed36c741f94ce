import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './problem';

/** The largest decoded body accepted, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

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
 * The body as JSON: size checked on the decoded bytes (base64 bodies too), then UTF-8 and JSON
 * parsed. Every failure is the client's: 413 or 400.
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
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequestError(`the request body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

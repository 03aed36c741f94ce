import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Content types API Gateway passes as text; every other body arrives base64-encoded. */
const TEXT_TYPE = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;

/** True when API Gateway would pass a body of this content type as text (not base64). */
export const isTextBody = (contentType: string | undefined): boolean => TEXT_TYPE.test(contentType ?? '');

/** API Gateway's request id shape, e.g. `Ab1cDEfGhIjKLmN=`: 14 base64 characters and `=`. */
export function gatewayRequestId(): string {
  return `${randomBytes(10).toString('base64url').slice(0, 14)}=`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2026:19:03:58 +0000`, the requestContext.time format. */
function clfTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** One HTTP request as it reached the gateway, before API Gateway turns it into an event. */
export interface GatewayRequest {
  method: string;
  /** The path as sent, stage prefix included when there is a named stage. */
  rawPath: string;
  /** Everything after `?`, as sent ('' when there is none). */
  rawQueryString: string;
  /** Lower-case names; repeated headers already joined with commas; a `cookie` header is moved to `cookies`. */
  headers: Record<string, string>;
  body?: Buffer;
  /** Whether the body travels base64-encoded; by default decided by its content type, as API Gateway does. */
  isBase64Encoded?: boolean;
  sourceIp: string;
  protocol?: string;
  requestId?: string;
  time?: Date;
  /** The API Gateway stage; `$default` puts no prefix on rawPath. */
  stage?: string;
  apiId?: string;
  accountId?: string;
}

/**
 * The HTTP API (payload format 2.0) `$default` route event for one request, as API Gateway
 * builds it: cookies out of the headers, query parameters decoded with repeated names joined
 * by commas (absent when there is no query), body absent when there is none.
 */
export function apiGatewayEventV2(request: GatewayRequest): APIGatewayProxyEventV2 {
  const { cookie, ...headers } = request.headers;
  const cookies = cookie?.split(';').map((part) => part.trim()).filter(Boolean) ?? [];
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(request.rawQueryString)) query[key] = key in query ? `${query[key]},${value}` : value;
  const time = request.time ?? new Date();
  const domainName = headers.host ?? '127.0.0.1';
  const apiId = request.apiId ?? 'local';
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers,
    requestContext: {
      accountId: request.accountId ?? '000000000000',
      apiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: request.rawPath,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId ?? gatewayRequestId(),
      routeKey: '$default',
      stage: request.stage ?? '$default',
      time: clfTime(time),
      timeEpoch: time.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies.length) event.cookies = cookies;
  if (Object.keys(query).length) event.queryStringParameters = query;
  if (request.body && request.body.length > 0) {
    const base64 = request.isBase64Encoded ?? !isTextBody(headers['content-type']);
    event.body = request.body.toString(base64 ? 'base64' : 'utf8');
    event.isBase64Encoded = base64;
  }
  return event;
}

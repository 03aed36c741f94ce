import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface ApiRequest {
  method?: string;
  /** The path as the client sent it, e.g. `/api/messages/01J...`; may hold a query after `?`. */
  path: string;
  /** Query parameters; an array repeats the name (`?tag=a&tag=b`); undefined ones are left out. Merged after any in `path`. */
  query?: Record<string, string | readonly string[] | undefined>;
  /** Header names in any case: API Gateway lower-cases them, and so does this builder. Undefined ones are left out. */
  headers?: Record<string, string | undefined>;
  /** A string is sent as is; anything else as JSON (with `content-type: application/json` unless given). */
  body?: unknown;
  /** Send the body base64-encoded, as API Gateway does for binary media types. */
  base64?: boolean;
  requestId?: string;
  /** The API Gateway stage; `$default` puts no prefix on rawPath. */
  stage?: string;
  sourceIp?: string;
  time?: Date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2026:19:03:58 +0000`, the requestContext.time format. */
function clfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like `Abc1dEfGhIjKlM=`: 14 base64 characters and `=`. */
const apiGatewayRequestId = (): string => `${Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64').slice(0, 14)}=`;

function queryPairs(path: string, query: ApiRequest['query']): [string, string][] {
  const fromPath = [...new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '')];
  const fromQuery = Object.entries(query ?? {}).flatMap(([name, value]) =>
    (value === undefined ? [] : typeof value === 'string' ? [value] : value).map((v): [string, string] => [name, v]),
  );
  return [...fromPath, ...fromQuery];
}

/**
 * An API Gateway HTTP API event, payload format 2.0, shaped as AWS sends it: lower-case
 * headers (repeated ones joined by commas), rawQueryString as sent, queryStringParameters
 * decoded with repeated names joined by commas (absent when there is no query), body absent
 * when there is none, and a full requestContext.
 */
export function apiGatewayEvent(request: ApiRequest): APIGatewayProxyEventV2 {
  const method = (request.method ?? 'GET').toUpperCase();
  const stage = request.stage ?? '$default';
  const time = request.time ?? new Date();
  const pathOnly = request.path.split('?')[0] ?? '/';
  const rawPath = stage === '$default' ? pathOnly : `/${stage}${pathOnly}`;
  const pairs = queryPairs(request.path, request.query);
  const rawQueryString = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of pairs) {
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }

  const headers: Record<string, string> = {
    accept: '*/*',
    host: 'abc123defg.execute-api.us-east-1.amazonaws.com',
    'user-agent': 'rez-agent-tests/1.0',
    'x-amzn-trace-id': `Root=1-${Math.floor(time.getTime() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'x-forwarded-for': request.sourceIp ?? '203.0.113.10',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  let body: string | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    if (typeof request.body !== 'string') headers['content-type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
  if (body !== undefined && request.base64) body = Buffer.from(body, 'utf8').toString('base64');

  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...(pairs.length ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123defg',
      domainName: headers.host ?? 'abc123defg.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123defg',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '203.0.113.10',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId ?? apiGatewayRequestId(),
      routeKey: '$default',
      stage,
      time: clfTime(time),
      timeEpoch: time.getTime(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: Boolean(request.base64 && body !== undefined),
  };
}

import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayEventV2 } from '@rez-agent/emulators';
import { TEST_ACCOUNT } from './names';

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

function queryPairs(path: string, query: ApiRequest['query']): [string, string][] {
  const fromPath = [...new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '')];
  const fromQuery = Object.entries(query ?? {}).flatMap(([name, value]) =>
    (value === undefined ? [] : typeof value === 'string' ? [value] : value).map((v): [string, string] => [name, v]),
  );
  return [...fromPath, ...fromQuery];
}

/**
 * An API Gateway HTTP API event, payload format 2.0, shaped as AWS sends it (by the same
 * builder the sandbox's gateway uses): lower-case headers, rawQueryString as sent, decoded
 * queryStringParameters with repeated names joined by commas, and a full requestContext.
 */
export function apiGatewayEvent(request: ApiRequest): APIGatewayProxyEventV2 {
  const time = request.time ?? new Date();
  const stage = request.stage ?? '$default';
  const pathOnly = request.path.split('?')[0] ?? '/';
  const pairs = queryPairs(request.path, request.query);
  const sourceIp = request.sourceIp ?? '203.0.113.10';
  const headers: Record<string, string> = {
    accept: '*/*',
    host: 'abc123defg.execute-api.us-east-1.amazonaws.com',
    'user-agent': 'rez-agent-tests/1.0',
    'x-amzn-trace-id': `Root=1-${Math.floor(time.getTime() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'x-forwarded-for': sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  let body: Buffer | undefined;
  if (request.body !== undefined) {
    body = Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body), 'utf8');
    if (typeof request.body !== 'string') headers['content-type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  if (body !== undefined) headers['content-length'] = String(body.length);

  return apiGatewayEventV2({
    method: request.method ?? 'GET',
    rawPath: stage === '$default' ? pathOnly : `/${stage}${pathOnly}`,
    rawQueryString: pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'),
    headers,
    ...(body === undefined ? {} : { body, isBase64Encoded: Boolean(request.base64) }),
    sourceIp,
    stage,
    time,
    apiId: 'abc123defg',
    accountId: TEST_ACCOUNT,
    ...(request.requestId === undefined ? {} : { requestId: request.requestId }),
  });
}

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteResponse } from '../types';
import type { HttpError } from './problem';

/** The route's answer as API Gateway expects it: JSON, the route's own text or bytes, or no body. */
export function toResult(response: RouteResponse, headers: Record<string, string>): APIGatewayProxyStructuredResultV2 {
  const hasBody = response.body !== undefined;
  const bytes = response.bytes === undefined ? undefined : Buffer.from(response.bytes).toString('base64');
  const body = bytes ?? response.text ?? (hasBody ? JSON.stringify(response.body) : undefined);
  return {
    statusCode: response.statusCode,
    headers: {
      ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      // Messages change status; no cache in between may answer for us.
      'Cache-Control': 'no-store',
      ...headers,
      ...response.headers,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: bytes !== undefined,
  };
}

/** An HttpError as an RFC 9457 problem+json result. */
export function problemResult(error: HttpError, headers: Record<string, string>): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: error.statusCode,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers, ...error.headers },
    body: JSON.stringify(error.toJSON()),
    isBase64Encoded: false,
  };
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './request';

/** Visible ASCII, no spaces, bounded: safe to log, to store and to echo back. */
const CORRELATION_ID = /^[\x21-\x7E]{1,128}$/;

/**
 * The caller's X-Correlation-Id when it is usable, else this request's id: one id then ties the
 * API call to the message and to every log line of its delivery. An unusable one is ignored
 * rather than refused, since it is only a tracing aid.
 */
export function correlationIdOf(event: APIGatewayProxyEventV2): string {
  const given = header(event, 'x-correlation-id')?.trim();
  return given !== undefined && CORRELATION_ID.test(given) ? given : event.requestContext.requestId;
}

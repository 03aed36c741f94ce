import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayEventV2 } from '@rez-agent/emulators';

/** The API Gateway HTTP API v2 event for a request that reached the sandbox's gateway. */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer, requestId: string): APIGatewayProxyEventV2 {
  const target = req.url ?? '/';
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    // Cookies are split on ';' by the event builder, every other repeated header joined with ','.
    if (values) headers[name] = values.join(name === 'cookie' ? '; ' : ',');
  }
  const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  return apiGatewayEventV2({
    method: req.method ?? 'GET',
    rawPath: new URL(target, 'http://localhost').pathname,
    rawQueryString: target.includes('?') ? target.slice(target.indexOf('?') + 1) : '',
    headers,
    body,
    sourceIp,
    protocol: `HTTP/${req.httpVersion}`,
    requestId,
  });
}

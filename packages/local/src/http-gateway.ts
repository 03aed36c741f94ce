import { isUtf8 } from 'node:buffer';
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAX_REQUEST_BODY_BYTES, corsPreflightHeaders, corsResponseHeaders, type CorsDefinition, type Logger } from '@rez-agent/core';
import { gatewayRequestId, isTextBody } from '@rez-agent/emulators';
import { SandboxError } from './errors';
import { toApiGatewayEvent } from './api-gateway-event';
import type { LambdaFunction } from './lambda-function';
import { announcedBodyBytes, checkHost, checkSameOrigin, ownHosts, type Refusal } from './request-guard';

/** What the API accepts (core's limit): a larger body is refused before it is read, not buffered. */
export const MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;

/** Methods that change nothing, so the cross-site check on /_local lets them through. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A reply from a sandbox-only route (`/_local/...`). */
export interface LocalReply {
  status: number;
  body: unknown;
  contentType?: string;
}

export type LocalRoutes = (method: string, path: string) => Promise<LocalReply | undefined>;

export interface HttpGatewayOptions {
  port: number;
  target: LambdaFunction;
  local: LocalRoutes;
  logger: Logger;
  /** Core's CORS definition, applied here as API Gateway's corsConfiguration applies it in AWS. */
  cors: CorsDefinition;
  /** Runs before a body for the API is read or a client is told to send one (Expect: 100-continue). */
  authorize: (req: IncomingMessage) => Refusal | undefined;
}

export interface HttpGateway {
  readonly url: string;
  /** Stops accepting, lets open requests finish (at most `graceMs`), then drops what is left. */
  close(graceMs: number): Promise<void>;
}

class PayloadTooLarge extends Error {}

const tooLarge = (): Refusal => ({ status: 413, field: 'body', detail: `the request body is larger than the ${MAX_BODY_BYTES} bytes the API accepts` });

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(`${JSON.stringify(body, null, 2)}\n`);
}

/**
 * An RFC 9457 problem naming the header or body at fault, readable by an allowed origin (as API
 * Gateway adds CORS headers to its own errors); the connection closes, as a body may be left unread.
 */
function refuse(res: ServerResponse, refusal: Refusal, cors: Record<string, string>): void {
  const { status, detail, field } = refusal;
  for (const [name, value] of Object.entries({ ...cors, ...refusal.headers })) res.setHeader(name, value);
  res.setHeader('connection', 'close');
  sendJson(res, status, { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, errors: [{ field, detail }] }, 'application/problem+json');
}

const isLocalPath = (path: string): boolean => path === '/_local' || path.startsWith('/_local/');

/** Writes a webapi result back as API Gateway does for payload format 2.0; its CORS headers win over the function's. */
function writeResult(res: ServerResponse, result: unknown, requestId: string, cors: Record<string, string>): void {
  res.setHeader('apigw-requestid', requestId);
  for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
  // A result without statusCode is taken as a 200 JSON body, as API Gateway infers it.
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result ?? null));
    return;
  }
  const structured = result as APIGatewayProxyStructuredResultV2 & { multiValueHeaders?: Record<string, (string | number | boolean)[]> };
  const gatewayOwned = new Set(Object.keys(cors).map((name) => name.toLowerCase()));
  const own = (name: string) => !name.toLowerCase().startsWith('access-control-') && !gatewayOwned.has(name.toLowerCase());
  for (const [name, value] of Object.entries(structured.headers ?? {})) if (own(name)) res.setHeader(name, String(value));
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) if (own(name)) res.setHeader(name, values.map(String));
  if (structured.cookies?.length) res.setHeader('set-cookie', structured.cookies);
  const body = structured.body ?? '';
  res.writeHead(structured.statusCode ?? 200);
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** The local stand-in for API Gateway (HTTP API): each request becomes a v2 event for the webapi. */
export async function startHttpGateway(options: HttpGatewayOptions): Promise<HttpGateway> {
  const { target, local, logger } = options;

  let hosts: string[] = [];

  /** Everything decided from the head of a request, before a byte of its body is read. */
  function preflight(req: IncomingMessage, path: string): Refusal | undefined {
    const local = isLocalPath(path);
    const announced = announcedBodyBytes(req);
    return (
      checkHost(req, hosts) ??
      (local && !SAFE_METHODS.has(req.method ?? 'GET') ? checkSameOrigin(req, hosts) : undefined) ??
      (!local && announced !== 0 ? options.authorize(req) : undefined) ??
      (announced !== undefined && announced > MAX_BODY_BYTES ? tooLarge() : undefined)
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = gatewayRequestId();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const refusal = preflight(req, path);
    const refused = (reason: Refusal) => refuse(res, reason, corsResponseHeaders(options.cors, req.headers.origin));
    if (refusal) {
      refused(refusal);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        refused(tooLarge());
        return;
      }
      throw error;
    }
    if (body.length > 0 && isTextBody(req.headers['content-type']) && !isUtf8(body)) {
      refused({ status: 400, field: 'body', detail: 'the request body is not valid UTF-8' });
      return;
    }
    if (isLocalPath(path)) {
      const reply = await local(req.method ?? 'GET', path);
      if (reply) {
        sendJson(res, reply.status, reply.body, reply.contentType);
        return;
      }
    }
    const origin = req.headers.origin;
    // A CORS preflight is the gateway's to answer; the function never sees it (as in AWS).
    if (req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined) {
      res.writeHead(204, { 'apigw-requestid': requestId, ...corsPreflightHeaders(options.cors, origin) });
      res.end();
      return;
    }
    let result: unknown;
    try {
      result = await target.invoke(toApiGatewayEvent(req, body, requestId));
    } catch (error) {
      // What API Gateway answers when the integration fails: no internals.
      logger.error({ error, request_id: requestId }, 'web API: the webapi function failed');
      res.setHeader('apigw-requestid', requestId);
      sendJson(res, 500, { message: 'Internal Server Error' });
      return;
    }
    writeResult(res, result, requestId, corsResponseHeaders(options.cors, origin));
  }

  const dispatch = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ error }, 'web API: request failed');
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  };
  const server: Server = createServer(dispatch);
  // Expect: 100-continue is answered only once the head passed every check: a refused client
  // never gets to send its body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = preflight(req, new URL(req.url ?? '/', 'http://localhost').pathname);
    if (refusal) {
      refuse(res, refusal, corsResponseHeaders(options.cors, req.headers.origin));
      return;
    }
    res.writeContinue();
    dispatch(req, res);
  });
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new SandboxError(`Port ${options.port} (for the web API) is already in use; stop what holds it or pick another with --port or PORT.`) : error),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  hosts = ownHosts(port);
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

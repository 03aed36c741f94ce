import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedApi {
  url: string;
  readonly requests: readonly SeenRequest[];
  /** The answer to every request from now on. */
  answer(reply: ScriptedAnswer): void;
  close(): Promise<void>;
}

/** A stand-in for the API on 127.0.0.1 that records each request and gives the scripted answer. */
export async function startScriptedApi(first: ScriptedAnswer = { status: 200, body: {} }): Promise<ScriptedApi> {
  let reply = first;
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      const problem = reply.status >= 400;
      response.writeHead(reply.status, { 'content-type': problem ? 'application/problem+json' : 'application/json', ...reply.headers });
      response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (next) => void (reply = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContractRecorder } from './contract-checker';

/**
 * A pass-through HTTP proxy on 127.0.0.1 in front of an API, recording every exchange with a
 * ContractRecorder: for clients the tests cannot reach into (the `rez` CLI runs as its own
 * process), so their answers are held against the OpenAPI document all the same.
 */
export interface ContractProxy {
  /** Point the client here instead of at the API. */
  readonly url: string;
  close(): Promise<void>;
}

// Hop-by-hop headers, and what fetch sets itself (it also decodes a compressed answer).
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'upgrade']);

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forwardedHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !NOT_FORWARDED.has(name)) kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

export async function startContractProxy(target: string, recorder: ContractRecorder): Promise<ContractProxy> {
  const server = createServer((request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      const body = await bodyOf(request);
      try {
        const answer = await fetch(`${target}${path}`, {
          method,
          headers: forwardedHeaders(request.headers),
          // A copy on its own ArrayBuffer: a BodyInit under both the DOM and Node typings.
          ...(body.length ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
        });
        const text = await answer.text();
        recorder.record({ method, path, status: answer.status, contentType: answer.headers.get('content-type'), body: text });
        const headers = Object.fromEntries([...answer.headers].filter(([name]) => !NOT_FORWARDED.has(name)));
        response.writeHead(answer.status, headers);
        response.end(text);
      } catch {
        // The API is down: the client sees a dropped connection, as it would without the proxy.
        response.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

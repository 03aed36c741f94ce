import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received, as it arrived. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/alerts`. */
  path: string;
  /** Lower-cased names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: string;
}

/** One scripted reaction to a request. Build them with `ntfyAnswers`. */
export type NtfyAnswer =
  | { kind: 'publish'; id?: string }
  | { kind: 'error'; status: number; code: number; error: string; retryAfter?: string }
  | { kind: 'slow'; delayMs: number; then: NtfyAnswer }
  | { kind: 'held'; until: Promise<unknown>; then: NtfyAnswer }
  | { kind: 'drop' };

/** The answers ntfy gives, with its real codes and wording (https://docs.ntfy.sh/publish/). */
export const ntfyAnswers = {
  /** 200 with a ntfy-like message JSON; a unique id unless one is given. */
  ok: (id?: string): NtfyAnswer => ({ kind: 'publish', ...(id === undefined ? {} : { id }) }),
  serverError: (): NtfyAnswer => ({ kind: 'error', status: 500, code: 50001, error: 'internal server error' }),
  /** 429/42901, the per-visitor rate limit; `retryAfter` is sent verbatim as Retry-After. */
  tooManyRequests: (retryAfter?: string): NtfyAnswer => ({
    kind: 'error',
    status: 429,
    code: 42901,
    error: 'limit reached: too many requests',
    ...(retryAfter === undefined ? {} : { retryAfter }),
  }),
  /** 429/42908, the daily message quota. */
  dailyQuotaReached: (): NtfyAnswer => ({
    kind: 'error',
    status: 429,
    code: 42908,
    error: 'limit reached: daily message quota reached',
  }),
  badRequest: (code = 40007, error = 'invalid request: priority invalid'): NtfyAnswer => ({
    kind: 'error',
    status: 400,
    code,
    error,
  }),
  /** Any other ntfy error, e.g. 403/40301 forbidden. */
  error: (status: number, code: number, error: string): NtfyAnswer => ({ kind: 'error', status, code, error }),
  /** Waits `delayMs` before answering, to trip a client's timeout. */
  slow: (delayMs: number, then: NtfyAnswer = { kind: 'publish' }): NtfyAnswer => ({ kind: 'slow', delayMs, then }),
  /** Keeps the request open until `until` settles (a test's own signal, never a clock), then answers. */
  heldUntil: (until: Promise<unknown>, then: NtfyAnswer = { kind: 'publish' }): NtfyAnswer => ({ kind: 'held', until, then }),
  /** Reads the request, then destroys the socket without a response. */
  drop: (): NtfyAnswer => ({ kind: 'drop' }),
} as const;

export interface NtfyServerOptions {
  /** Answers for the first requests, used once each, in order. */
  script?: readonly NtfyAnswer[];
  /** The answer once the script is used up; `ok()` unless set. */
  otherwise?: NtfyAnswer;
}

export interface NtfyServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** The publish URL of a topic. */
  url(topic?: string): string;
  /** Every request received so far, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The most requests open (received, not yet answered or dropped) at one time so far. */
  readonly maxOpen: number;
  /** Queues answers behind whatever is still scripted. */
  respondWith(...answers: NtfyAnswer[]): void;
  /** Replaces the answer used once the queue is empty. */
  respondByDefault(answer: NtfyAnswer): void;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly RecordedRequest[]>;
  close(): Promise<void>;
}

/**
 * A scripted stand-in for ntfy on a real HTTP server (127.0.0.1, a free port): it records
 * every request and answers from a queue, so a test can drive the client through success,
 * errors, rate limits, stalls and dropped connections.
 */
export async function startNtfyServer(options: NtfyServerOptions = {}): Promise<NtfyServer> {
  const queue: NtfyAnswer[] = [...(options.script ?? [])];
  let fallback: NtfyAnswer = options.otherwise ?? ntfyAnswers.ok();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let open = 0;
  let maxOpen = 0;

  const server = createServer((req, res) => {
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    res.once('close', () => {
      open -= 1;
    });
    void readBody(req).then((body) => {
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body };
      requests.push(recorded);
      for (const wake of waiters) wake();
      answer(queue.shift() ?? fallback, recorded, res);
    });
  });

  function answer(reply: NtfyAnswer, request: RecordedRequest, res: ServerResponse): void {
    switch (reply.kind) {
      case 'publish':
        return sendJson(res, 200, publishedMessage(reply.id, request));
      case 'error': {
        const headers: Record<string, string> = reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter };
        const body = { code: reply.code, http: reply.status, error: reply.error, link: 'https://ntfy.sh/docs/publish/' };
        return sendJson(res, reply.status, body, headers);
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer(reply.then, request, res);
        }, reply.delayMs);
        timers.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'held': {
        const release = () => {
          if (!res.destroyed) answer(reply.then, request, res);
        };
        void reply.until.then(release, release);
        return;
      }
      case 'drop':
        res.socket?.destroy();
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (topic = 'rez-agent-test') => `${origin}/${encodeURIComponent(topic)}`,
    requests,
    get maxOpen() {
      return maxOpen;
    },
    respondWith: (...answers) => void queue.push(...answers),
    respondByDefault: (reply) => {
      fallback = reply;
    },
    waitForRequests: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the ntfy stand-in saw ${requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client that gives up mid-body still leaves a record of what it sent.
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

/** Shaped like ntfy's publish answer: {"id","time","expires","event":"message","topic","message"}. */
function publishedMessage(id: string | undefined, request: RecordedRequest): object {
  const time = Math.floor(Date.now() / 1000);
  return {
    id: id ?? randomBytes(9).toString('base64url'),
    time,
    expires: time + 43_200,
    event: 'message',
    topic: decodeURIComponent(request.path.split('?')[0]?.slice(1) ?? ''),
    message: request.body,
  };
}

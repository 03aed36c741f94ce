import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A notification the processor sent to the local inbox instead of a real ntfy server. */
export interface InboxNotification {
  id: string;
  /** ISO 8601 time it arrived. */
  time: string;
  topic: string;
  message: string;
  title?: string;
  priority?: number;
  tags?: string[];
  click?: string;
  markdown?: boolean;
}

export interface NtfyInbox {
  /** The publish URL the processor is given as NTFY_URL. */
  readonly url: string;
  /** Newest last; the oldest are dropped past `capacity`. */
  list(): readonly InboxNotification[];
  close(): Promise<void>;
}

/** ntfy accepts RFC 2047 encoded-words in headers; the notifier uses them for non-ASCII values. */
function decodeHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_, base64: string) => Buffer.from(base64, 'base64').toString('utf8'));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A local stand-in for ntfy on 127.0.0.1: it takes publishes (POST/PUT /<topic>) and answers as
 * ntfy does, so the real processor runs unchanged and nothing reaches a public topic.
 */
export async function startNtfyInbox(options: { topic: string; capacity?: number }): Promise<NtfyInbox> {
  const capacity = options.capacity ?? 1000;
  const received: InboxNotification[] = [];

  const server = createServer((req, res) => {
    void readBody(req).then(
      (message) => {
        const topic = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice(1));
        if ((req.method !== 'POST' && req.method !== 'PUT') || !/^[-_A-Za-z0-9]{1,64}$/.test(topic)) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(`${JSON.stringify({ code: 40401, http: 404, error: 'page not found' })}\n`);
          return;
        }
        const header = (name: string) => decodeHeader(req.headers[name] as string | undefined);
        const time = new Date();
        const tags = header('tags')?.split(',').map((tag) => tag.trim()).filter(Boolean);
        const notification: InboxNotification = {
          id: randomBytes(9).toString('base64url'),
          time: time.toISOString(),
          topic,
          message,
          ...(header('title') === undefined ? {} : { title: header('title') }),
          ...(header('priority') === undefined ? {} : { priority: Number(header('priority')) }),
          ...(tags?.length ? { tags } : {}),
          ...(header('click') === undefined ? {} : { click: header('click') }),
          ...(header('markdown') === 'yes' ? { markdown: true } : {}),
        };
        received.push(notification);
        if (received.length > capacity) received.shift();
        const seconds = Math.floor(time.getTime() / 1000);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ ...notification, time: seconds, expires: seconds + 43_200, event: 'message' })}\n`);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/${options.topic}`,
    list: () => received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

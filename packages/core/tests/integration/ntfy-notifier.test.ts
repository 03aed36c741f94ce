import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import {
  NtfyNotifier,
  PermanentNotificationError,
  RetryableNotificationError,
  type Notification,
  type NtfyNotifierOptions,
} from '../../src/index';
import { abortableSleep, type Sleep } from '../../src/adapters/ntfy/sleep';

const TOKEN = 'tk_s3cr3t-token-value';

const notification = (overrides: Partial<Notification> = {}): Notification => ({
  payload: 'Backup finished in 42 s',
  priority: 3,
  tags: [],
  markdown: false,
  ...overrides,
});

/** A sleep that only records the delay it was asked for, so backoff is asserted, not timed. */
function recordingSleep(): { delays: number[]; sleep: Sleep } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

let ntfy: NtfyServer;
beforeEach(async () => {
  ntfy = await startNtfyServer();
});
afterEach(() => ntfy.close());

function notifier(options: Partial<NtfyNotifierOptions> = {}): NtfyNotifier {
  return new NtfyNotifier({ url: ntfy.url('alerts'), baseDelayMs: 100, maxDelayMs: 5_000, random: () => 0.5, ...options });
}

/**
 * What ntfy shows for a header: it decodes every RFC 2047 encoded-word in it once (Go's
 * mime.WordDecoder.DecodeHeader), B and Q encodings, UTF-8.
 */
function shownByNtfy(header: string): string {
  return header.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_word, _charset: string, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_hex, code: string) => String.fromCharCode(parseInt(code, 16))), 'latin1').toString('utf8'),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the send to fail');
}

describe('NtfyNotifier against a scripted ntfy', () => {
  describe('a successful publish', () => {
    it('POSTs the payload with every header ntfy reads and returns its message id', async () => {
      ntfy.respondWith(ntfyAnswers.ok('Ab12Cd34Ef56'));

      const delivery = await notifier({ token: TOKEN }).send(
        notification({
          title: 'Nightly backup',
          priority: 5,
          tags: ['floppy_disk', 'white_check_mark'],
          click: 'https://example.com/backups/42',
          markdown: true,
        }),
      );

      expect(delivery).toEqual({ id: 'Ab12Cd34Ef56', attempts: 1 });
      expect(ntfy.requests).toHaveLength(1);
      const [request] = ntfy.requests;
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe('/alerts');
      expect(request?.body).toBe('Backup finished in 42 s');
      expect(request?.headers).toMatchObject({
        title: 'Nightly backup',
        priority: '5',
        tags: 'floppy_disk,white_check_mark',
        click: 'https://example.com/backups/42',
        markdown: 'yes',
        authorization: `Bearer ${TOKEN}`,
      });
    });

    it('sends no optional header, and no Authorization, when there is nothing to say', async () => {
      await notifier().send(notification());

      const headers = ntfy.requests[0]?.headers ?? {};
      expect(headers.priority).toBe('3');
      for (const absent of ['title', 'tags', 'click', 'markdown', 'authorization']) {
        expect(headers).not.toHaveProperty(absent);
      }
    });

    it('encodes a non-ASCII title as an RFC 2047 word ntfy decodes, instead of failing in fetch', async () => {
      const title = 'Sauvegarde terminée ✅';

      await notifier().send(notification({ title }));

      const sent = String(ntfy.requests[0]?.headers.title);
      const base64 = /^=\?UTF-8\?B\?(.+)\?=$/.exec(sent)?.[1] ?? '';
      expect(Buffer.from(base64, 'base64').toString('utf8')).toBe(title);
    });

    it.each([
      ['a whole encoded-word', '=?UTF-8?B?aGFja2Vk?='],
      ['an encoded-word inside text', 'Build =?utf-8?q?failed?= on main'],
      ['a Q-encoded word with spaces', '=?UTF-8?Q?Hello_World?='],
    ])('shows a title that looks like RFC 2047 (%s) as typed, not decoded', async (_name, title) => {
      // Sent raw, ntfy would show the decoded text instead of what the user typed.
      expect(shownByNtfy(title)).not.toBe(title);

      await notifier().send(notification({ title, tags: [title.replace(/,/g, '')] }));

      const headers = ntfy.requests[0]?.headers ?? {};
      expect(shownByNtfy(String(headers.title))).toBe(title);
      expect(shownByNtfy(String(headers.tags))).toBe(title);
    });

    it('sends a plain ASCII title verbatim, = and ? included', async () => {
      const title = 'x=1? y=2';
      await notifier().send(notification({ title }));
      expect(ntfy.requests[0]?.headers.title).toBe(title);
    });

    it('returns the unique id ntfy generated for each message', async () => {
      const sender = notifier();
      const first = await sender.send(notification());
      const second = await sender.send(notification());

      expect(first.id).toMatch(/^[\w-]{12}$/);
      expect(second.id).not.toBe(first.id);
    });
  });

  describe('transient failures are retried', () => {
    it('succeeds on the second attempt after a 500, waiting a full-jitter delay', async () => {
      ntfy.respondWith(ntfyAnswers.serverError(), ntfyAnswers.ok('second-try'));
      const { delays, sleep } = recordingSleep();

      const delivery = await notifier({ sleep }).send(notification());

      expect(delivery).toEqual({ id: 'second-try', attempts: 2 });
      expect(ntfy.requests).toHaveLength(2);
      expect(delays).toEqual([50]); // random 0.5 × base 100
    });

    it('retries a 429 rate limit (42901)', async () => {
      ntfy.respondWith(ntfyAnswers.tooManyRequests(), ntfyAnswers.ok('after-limit'));
      const { sleep } = recordingSleep();

      await expect(notifier({ sleep }).send(notification())).resolves.toEqual({ id: 'after-limit', attempts: 2 });
      expect(ntfy.requests).toHaveLength(2);
    });

    it.each([
      { case: 'delay-seconds', header: '2', now: undefined, expected: 2_000 },
      { case: 'an HTTP-date', header: 'Fri, 02 Jan 2026 03:04:08 GMT', now: Date.parse('2026-01-02T03:04:05Z'), expected: 3_000 },
      { case: 'a Retry-After beyond maxDelayMs (capped)', header: '120', now: undefined, expected: 5_000 },
    ])('waits what Retry-After says, given as $case', async ({ header, now, expected }) => {
      ntfy.respondWith(ntfyAnswers.tooManyRequests(header), ntfyAnswers.ok());
      const { delays, sleep } = recordingSleep();

      await notifier({ sleep, ...(now === undefined ? {} : { now: () => now }) }).send(notification());

      expect(delays).toEqual([expected]);
    });

    it('treats a connection dropped mid-request as transient', async () => {
      ntfy.respondWith(ntfyAnswers.drop(), ntfyAnswers.ok('after-drop'));
      const { sleep } = recordingSleep();

      await expect(notifier({ sleep }).send(notification())).resolves.toEqual({ id: 'after-drop', attempts: 2 });
      expect(ntfy.requests).toHaveLength(2);
    });

    it('times out a server that answers too slowly and retries it', async () => {
      ntfy.respondWith(ntfyAnswers.slow(2_000), ntfyAnswers.ok('in-time'));
      const { sleep } = recordingSleep();

      await expect(notifier({ sleep, timeoutMs: 150 }).send(notification())).resolves.toEqual({
        id: 'in-time',
        attempts: 2,
      });
    });
  });

  describe('giving up', () => {
    it('throws a retryable error after exactly maxAttempts requests when 5xx persists', async () => {
      ntfy.respondByDefault(ntfyAnswers.serverError());
      const { delays, sleep } = recordingSleep();

      const error = await failureOf(notifier({ sleep, maxAttempts: 4 }).send(notification()));

      expect(error).toBeInstanceOf(RetryableNotificationError);
      expect(error).toMatchObject({ retryable: true, statusCode: 500, code: 50001, attempts: 4 });
      expect(ntfy.requests).toHaveLength(4);
      expect(delays).toEqual([50, 100, 200]); // the ceiling doubles per retry
    });

    it('uses three attempts unless told otherwise', async () => {
      ntfy.respondByDefault(ntfyAnswers.serverError());

      const error = await failureOf(notifier({ sleep: recordingSleep().sleep }).send(notification()));

      expect(error).toMatchObject({ attempts: 3 });
      expect(ntfy.requests).toHaveLength(3);
    });

    it('classifies a timeout on the last attempt as retryable', async () => {
      ntfy.respondByDefault(ntfyAnswers.slow(2_000));

      const error = await failureOf(
        notifier({ sleep: recordingSleep().sleep, timeoutMs: 100, maxAttempts: 2 }).send(notification()),
      );

      expect(error).toBeInstanceOf(RetryableNotificationError);
      expect(error).toMatchObject({ attempts: 2, statusCode: undefined });
      expect((error as Error).message).toContain('did not answer within 100 ms');
      expect(ntfy.requests).toHaveLength(2);
    });

    it('classifies a connection that keeps dropping as retryable', async () => {
      ntfy.respondByDefault(ntfyAnswers.drop());

      const error = await failureOf(notifier({ sleep: recordingSleep().sleep, maxAttempts: 2 }).send(notification()));

      expect(error).toBeInstanceOf(RetryableNotificationError);
      expect(ntfy.requests).toHaveLength(2);
    });

    it.each([
      { case: '429 daily quota (42908)', answer: ntfyAnswers.dailyQuotaReached(), statusCode: 429, code: 42908 },
      { case: '400 bad request', answer: ntfyAnswers.badRequest(), statusCode: 400, code: 40007 },
      { case: '403 forbidden', answer: ntfyAnswers.error(403, 40301, 'forbidden'), statusCode: 403, code: 40301 },
    ])('fails at once, permanently, on $case', async ({ answer, statusCode, code }) => {
      ntfy.respondByDefault(answer);
      const { delays, sleep } = recordingSleep();

      const error = await failureOf(notifier({ sleep }).send(notification()));

      expect(error).toBeInstanceOf(PermanentNotificationError);
      expect(error).toMatchObject({ retryable: false, statusCode, code, attempts: 1 });
      expect(ntfy.requests).toHaveLength(1);
      expect(delays).toEqual([]);
    });

    it('fails permanently on a 2xx without a message id, since a retry could notify twice', async () => {
      ntfy.respondWith(ntfyAnswers.ok(''));

      const error = await failureOf(notifier().send(notification()));

      expect(error).toBeInstanceOf(PermanentNotificationError);
      expect(ntfy.requests).toHaveLength(1);
    });

    it('never puts the token in an error message, even when the server echoes it', async () => {
      ntfy.respondWith(ntfyAnswers.badRequest(40101, `unauthorized: token ${TOKEN} is not valid`));

      const error = await failureOf(notifier({ token: TOKEN }).send(notification()));

      expect((error as Error).message).toContain('[redacted]');
      expect((error as Error).message).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    });
  });

  describe('cancellation', () => {
    it('stops a request in flight and rejects with the abort reason, without retrying', async () => {
      ntfy.respondByDefault(ntfyAnswers.slow(10_000));
      const controller = new AbortController();
      const reason = new Error('the Lambda is about to time out');
      const started = Date.now();

      const sending = notifier({ sleep: recordingSleep().sleep }).send(notification(), { signal: controller.signal });
      await ntfy.waitForRequests(1);
      controller.abort(reason);

      await expect(sending).rejects.toBe(reason);
      expect(Date.now() - started).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ntfy.requests).toHaveLength(1);
    });

    it('stops during the wait between attempts and sends nothing more', async () => {
      ntfy.respondWith(ntfyAnswers.serverError());
      const controller = new AbortController();
      const reason = new Error('shutting down');
      let waiting!: () => void;
      const backoffStarted = new Promise<void>((resolve) => (waiting = resolve));
      // The real abortable sleep, told to wait a minute: only the abort can end it in time.
      const sleep: Sleep = (ms, signal) => {
        waiting();
        return abortableSleep(ms, signal);
      };
      const started = Date.now();

      const sending = notifier({ sleep, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 }).send(
        notification(),
        { signal: controller.signal },
      );
      await backoffStarted;
      controller.abort(reason);

      await expect(sending).rejects.toBe(reason);
      expect(Date.now() - started).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ntfy.requests).toHaveLength(1);
    });

    it('sends nothing when the signal is already aborted', async () => {
      const reason = new Error('cancelled before start');

      await expect(notifier().send(notification(), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(ntfy.requests).toHaveLength(0);
    });
  });
});

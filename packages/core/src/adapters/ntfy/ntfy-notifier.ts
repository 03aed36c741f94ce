import type { Delivery, Notification, Notifier, SendOptions } from '../../ports/notifier';
import { AttemptFailure } from './attempt-failure';
import { readNtfyAnswer } from './answer';
import { reportedAttempt } from './attempt-report';
import { ntfyHeaders } from './headers';
import { withRetries } from './retry';
import { abortableSleep, type Sleep } from './sleep';

export interface NtfyNotifierOptions {
  /** The topic URL to publish to, e.g. https://ntfy.sh/my-topic. */
  url: string;
  /** An ntfy access token, sent as `Authorization: Bearer`. */
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Limit on one attempt, answer body included. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  /** The ceiling of the first backoff wait; doubles per retry (full jitter draws below it). */
  baseDelayMs?: number;
  /** The longest wait between attempts, a server's Retry-After included. */
  maxDelayMs?: number;
  /** A draw in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  /** The wait between attempts; injectable so tests can observe the delays without waiting. */
  sleep?: Sleep;
  /** The clock used to read an HTTP-date Retry-After. */
  now?: () => number;
}

/** Sends notifications to one ntfy topic, retrying what ntfy documents as transient. */
export class NtfyNotifier implements Notifier {
  readonly #url: URL;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;
  readonly #sleep: Sleep;
  readonly #now: () => number;

  constructor(options: NtfyNotifierOptions) {
    // The URL is not echoed back: its query may carry ntfy's `auth` parameter.
    const url = URL.parse(options.url);
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new TypeError('the ntfy URL must be an absolute http(s) URL');
    }
    this.#url = url;
    this.#token = options.token || undefined;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? 10_000);
    this.#maxAttempts = positive('maxAttempts', options.maxAttempts ?? 3, true);
    this.#baseDelayMs = nonNegative('baseDelayMs', options.baseDelayMs ?? 500);
    this.#maxDelayMs = nonNegative('maxDelayMs', options.maxDelayMs ?? 15_000);
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#now = options.now ?? Date.now;
  }

  async send(notification: Notification, options: SendOptions = {}): Promise<Delivery> {
    const { signal } = options;
    const headers = ntfyHeaders(notification, this.#token);
    const publish = () => this.#publishOnce(notification.payload, headers, signal);
    const { value: id, attempts } = await withRetries(() => reportedAttempt(publish, options.onAttempt, this.#now), {
      maxAttempts: this.#maxAttempts,
      baseDelayMs: this.#baseDelayMs,
      maxDelayMs: this.#maxDelayMs,
      signal,
      random: this.#random,
      sleep: this.#sleep,
    });
    return { id, attempts };
  }

  async #publishOnce(body: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<{ id: string; status: number }> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    let answer;
    try {
      // The body is read under the same signal, so a server that stalls mid-answer times out too.
      const response = await this.#fetch(this.#url, { method: 'POST', headers, body, signal: combined });
      answer = { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
    } catch (error) {
      signal?.throwIfAborted();
      if (timeout.aborted) {
        throw new AttemptFailure(`ntfy at ${this.#where()} did not answer within ${this.#timeoutMs} ms`, true, {}, { cause: error });
      }
      throw new AttemptFailure(`could not reach ntfy at ${this.#where()}: ${this.#redact(reasonOf(error))}`, true, {}, {
        cause: error,
      });
    }
    try {
      return { id: readNtfyAnswer(answer, this.#now()), status: answer.status };
    } catch (error) {
      if (error instanceof AttemptFailure) error.message = this.#redact(error.message);
      throw error;
    }
  }

  /** Origin and path only: the query may carry ntfy's `auth` parameter. */
  #where(): string {
    return `${this.#url.origin}${this.#url.pathname}`;
  }

  /** A proxy or ntfy may echo the request back; the token must never reach a log line. */
  #redact(text: string): string {
    return this.#token ? text.replaceAll(this.#token, '[redacted]') : text;
  }
}

/** fetch reports network trouble as TypeError('fetch failed') with the real reason as cause. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

function positive(name: string, value: number, integer = false): number {
  if (!(value > 0) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0)) throw new RangeError(`${name} must be zero or more, got ${value}`);
  return value;
}

import { splitRouteKey, type ApiRouteKey } from '@rez-agent/core/api';
import { ApiProblemError, UnreachableError, type ProblemDocument } from './errors';
import { ENV, type Settings } from './settings';

export interface CallOptions {
  /** Values for the `{name}` segments of the route. */
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** How long one request may take before the CLI gives up on it. */
const REQUEST_TIMEOUT_MS = 30_000;

/** `{id}` in the route's path filled in, each value encoded as one path segment. */
export function routeUrl(apiUrl: string, key: ApiRouteKey, options: CallOptions = {}): { method: string; url: URL } {
  const { method, path } = splitRouteKey(key);
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = options.params?.[name];
    if (value === undefined) throw new Error(`route ${key} needs the parameter ${name}`);
    return encodeURIComponent(value);
  });
  const url = new URL(`${apiUrl}${filled}`);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  return { method, url };
}

/** `payload: must be ...; Idempotency-Key: was first used ...`: every field the API named. */
function fieldErrors(problem: ProblemDocument): string {
  return (problem.errors ?? [])
    .map((error) => `${error.field ?? error.pointer?.replace(/^#?\//, '').replaceAll('/', '.') ?? '?'}: ${error.detail}`)
    .join('; ');
}

/** One line for a person: status, what the API said, and which fields were wrong. */
function problemMessage(status: number, statusText: string, problem: ProblemDocument | undefined, retryAfter: string | null): string {
  const title = problem?.title ?? statusText;
  const parts = [`${status}${title ? ` ${title}` : ''}`];
  if (problem?.detail) parts.push(problem.detail);
  const fields = problem ? fieldErrors(problem) : '';
  let line = parts.join(': ') + (fields ? ` (${fields})` : '');
  if (status === 401) line += ` — set ${ENV.token}, --token, or a profile's token`;
  if (retryAfter && !line.includes('retry after')) line += ` (retry after ${retryAfter} s)`;
  return line;
}

/** The rez-agent HTTP API over fetch: JSON in, JSON out, errors as ApiProblemError / UnreachableError. */
export class ApiClient {
  constructor(
    private readonly settings: Settings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async call<T>(key: ApiRouteKey, options: CallOptions = {}): Promise<T> {
    const { method, url } = routeUrl(this.settings.apiUrl, key, options);
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (this.settings.token) headers.authorization = `Bearer ${this.settings.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new UnreachableError(`cannot reach the API at ${this.settings.apiUrl} (${reason}); is it running? (--api-url / ${ENV.apiUrl})`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const problem = typeof body === 'object' && body !== null ? (body as ProblemDocument) : undefined;
      throw new ApiProblemError(response.status, problem, problemMessage(response.status, response.statusText, problem, response.headers.get('retry-after')));
    }
    if (response.status === 204) return undefined as T;
    if (body === undefined) throw new ApiProblemError(response.status, undefined, `${response.status}: the API answered ${method} ${url.pathname} with no JSON body`);
    return body as T;
  }
}

import { ApiProblem, type ProblemDocument } from './problem';

/** What the client needs from the session: the bearer token, and what to do when it is refused. */
export interface Credentials {
  token(): string | undefined;
  /** The API answered 401: the token expired or was revoked (or had already expired here). */
  rejected(): void;
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The query string of the defined values only, e.g. `?status=failed`. */
function queryString(query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function problemOf(response: Response): Promise<ProblemDocument> {
  try {
    const body = (await response.json()) as Partial<ProblemDocument>;
    return { ...body, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
  }
}

/**
 * The console's one way to call the API (same origin): JSON in and out, the bearer token on
 * every call, an ApiProblem for every answer that is not 2xx and for a network failure.
 */
export class ApiClient {
  constructor(private readonly credentials: Credentials) {}

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const token = this.credentials.token();
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${path}${queryString(options.query)}`, {
        method: options.method ?? 'GET',
        headers,
        credentials: 'omit',
        cache: 'no-store',
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch (error) {
      throw new ApiProblem({ status: 0, title: 'Network error', detail: `the API could not be reached (${String(error)})` });
    }
    if (!response.ok) {
      // Refused, or sent without a token because it expired here: either way, sign in again.
      if (response.status === 401) this.credentials.rejected();
      throw new ApiProblem(await problemOf(response));
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
    return this.request<T>(path, query ? { query } : {});
  }

  send<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>(path, { method, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
  }
}

import { AttemptFailure } from './attempt-failure';
import { parseRetryAfter } from './retry-after';

/** ntfy's per-visitor request rate limit: it passes, so it is worth retrying. */
export const NTFY_TOO_MANY_REQUESTS = 42901;
/** ntfy's daily message quota: retrying today cannot help. */
export const NTFY_DAILY_QUOTA_REACHED = 42908;

/** What came back from one publish request. */
export interface NtfyAnswer {
  status: number;
  retryAfter: string | null;
  body: string;
}

interface NtfyErrorBody {
  code?: number;
  error?: string;
}

/**
 * Reads ntfy's answer to a publish: the message id on success, otherwise an AttemptFailure
 * classified as ntfy documents its errors. 5xx and 429/42901 are transient; 429/42908 and
 * every other 4xx say the request itself cannot succeed.
 */
export function readNtfyAnswer(answer: NtfyAnswer, nowMs: number): string {
  const { status } = answer;
  if (status >= 200 && status < 300) {
    const id = idOf(answer.body);
    // ntfy has most likely published already, so a retry could notify twice.
    if (id === undefined) throw new AttemptFailure(`ntfy answered ${status} without a message id`, false, { statusCode: status });
    return id;
  }
  const error = errorBodyOf(answer.body);
  const retryable = status >= 500 || (status === 429 && error.code === NTFY_TOO_MANY_REQUESTS);
  const reason = error.error ?? (answer.body.trim().slice(0, 200) || 'no details');
  const code = error.code === undefined ? '' : ` (code ${error.code})`;
  const retryAfterMs = parseRetryAfter(answer.retryAfter, nowMs);
  throw new AttemptFailure(`ntfy answered ${status}${code}: ${reason}`, retryable, {
    statusCode: status,
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function idOf(body: string): string | undefined {
  const json = parseJson(body);
  if (typeof json !== 'object' || json === null || !('id' in json)) return undefined;
  return typeof json.id === 'string' && json.id !== '' ? json.id : undefined;
}

/** ntfy errors look like {"code":42901,"http":429,"error":"limit reached: …","link":"…"}. */
function errorBodyOf(body: string): NtfyErrorBody {
  const json = parseJson(body);
  if (typeof json !== 'object' || json === null) return {};
  const result: NtfyErrorBody = {};
  if ('code' in json && typeof json.code === 'number') result.code = json.code;
  if ('error' in json && typeof json.error === 'string') result.error = json.error;
  return result;
}

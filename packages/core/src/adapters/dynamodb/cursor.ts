import { ValidationError } from '../../errors';

/**
 * The opaque list cursor: base64url JSON naming the filters it was cut for and the sort value
 * (an id, or `<time>#<id>`) of the last message returned. Every shard of the listing resumes
 * strictly below that value, so one value serves them all. Binding the cursor to its filters
 * makes a cursor from another listing a validation error instead of a silently wrong page.
 */
interface CursorBody {
  v: 2;
  /** The filters, as `listSignature` writes them. */
  f: string;
  /** The sort value below which the next page starts. */
  k: string;
}

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
const SORT_VALUE = new RegExp(`^(?:${ULID}|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#${ULID})$`);

const invalidCursor = (reason: string, cause?: unknown): ValidationError =>
  new ValidationError('invalid cursor', [{ path: '/cursor', message: reason }], cause ? { cause } : undefined);

export function encodeCursor(signature: string, sortValue: string): string {
  const body: CursorBody = { v: 2, f: signature, k: sortValue };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function parseBody(cursor: string): unknown {
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips characters outside the alphabet; a cursor we made round-trips exactly.
  if (cursor.length === 0 || bytes.toString('base64url') !== cursor) throw invalidCursor('is not a cursor from this API');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw invalidCursor('is not a cursor from this API', error);
  }
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    Object.keys(body).length === 3 &&
    body.v === 2 &&
    typeof body.f === 'string' &&
    typeof body.k === 'string' &&
    SORT_VALUE.test(body.k)
  );
}

/** The sort value a cursor resumes below; throws ValidationError at `/cursor` otherwise. */
export function decodeCursor(cursor: string, signature: string): string {
  const body = parseBody(cursor);
  if (!isCursorBody(body)) throw invalidCursor('is not a cursor from this API');
  if (body.f !== signature) throw invalidCursor('belongs to a listing with other filters; start again without a cursor');
  return body.k;
}

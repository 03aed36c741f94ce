import { ValidationError } from '../../errors';
import type { ListIndex } from '../../table';
import { messageKey } from './item';

/**
 * The opaque list cursor: base64url JSON naming the index and partition it was cut from and the
 * id of the last message returned. Message items all share sk `MSG` and pk `MSG#<id>`, so the id
 * alone rebuilds DynamoDB's ExclusiveStartKey. Binding the cursor to index and partition makes a
 * cursor from another filter a validation error instead of a silently wrong page.
 */
interface CursorBody {
  v: 1;
  /** Index name. */
  i: string;
  /** Partition value within that index. */
  p: string;
  /** Id of the last message of the page. */
  id: string;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const invalidCursor = (reason: string, cause?: unknown): ValidationError =>
  new ValidationError('invalid cursor', [{ path: '/cursor', message: reason }], cause ? { cause } : undefined);

export function encodeCursor(index: ListIndex, partition: string, lastId: string): string {
  const body: CursorBody = { v: 1, i: index.name, p: partition, id: lastId };
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
    Object.keys(body).length === 4 &&
    body.v === 1 &&
    typeof body.i === 'string' &&
    typeof body.p === 'string' &&
    typeof body.id === 'string' &&
    ULID.test(body.id)
  );
}

/** The ExclusiveStartKey a cursor stands for; throws ValidationError at `/cursor` otherwise. */
export function decodeCursor(cursor: string, index: ListIndex, partition: string): Record<string, string> {
  const body = parseBody(cursor);
  if (!isCursorBody(body)) throw invalidCursor('is not a cursor from this API');
  if (body.i !== index.name || body.p !== partition) {
    throw invalidCursor('belongs to a listing with other filters; start again without a cursor');
  }
  return { ...messageKey(body.id), id: body.id, [index.partitionKey]: partition };
}

import { NotFoundHttpError } from '../http/problem';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The `{id}` path parameter as a stored id. ULIDs are case-insensitive, so it is upper-cased
 * first. Anything that is still not a ULID names no message: 404, like any other unknown id,
 * because the request itself is well-formed and clients then handle one "no such message" case
 * (and no DynamoDB read is spent on it).
 */
export function messageIdParam(params: Readonly<Record<string, string>>): string {
  const id = (params.id ?? '').toUpperCase();
  if (!ULID.test(id)) throw new NotFoundHttpError(`no message has the id ${params.id ?? ''}; ids are 26-character ULIDs`);
  return id;
}

import { SCHEDULE_NAME_PATTERN } from '@rez-agent/core';
import { NotFoundHttpError } from '../http/problem';

/**
 * The `{name}` path parameter. A name outside 1–64 of `[A-Za-z0-9_-]` names no schedule: 404,
 * like any other unknown name (as for message ids), with no read spent on it.
 */
export function scheduleNameParam(params: Readonly<Record<string, string>>): string {
  const name = params.name ?? '';
  if (!SCHEDULE_NAME_PATTERN.test(name)) throw new NotFoundHttpError(`no schedule is named ${name}; names are 1 to 64 letters, digits, "-" or "_"`);
  return name;
}

/** Where a schedule lives in the API. */
export const scheduleLocation = (name: string): string => `/api/schedules/${encodeURIComponent(name)}`;

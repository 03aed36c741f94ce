import { ValidationError } from '../../errors';

export const MAX_PAGE_SIZE = 1000;

/** Page sizes are whole numbers 1..1000; anything else is the caller's mistake, named by path. */
export function assertPageSize(limit: number, path = '/limit'): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError('invalid page size', [{ path, message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }]);
  }
}

import { monotonicFactory } from 'ulid';

/** The time source; tests pass a fixed or stepping clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Makes ids; tests may pass a deterministic one. */
export interface IdGenerator {
  next(at?: Date): string;
}

/** ULIDs, monotonic within a millisecond so ids made in one process sort in creation order. */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: (at) => next(at?.getTime()) };
}

export const toIso = (date: Date): string => date.toISOString();

import { setTimeout as wait } from 'node:timers/promises';

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const abortableSleep: Sleep = async (ms, signal) => {
  try {
    await wait(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    // node rejects with its own AbortError; callers expect the reason they aborted with.
    signal?.throwIfAborted();
    throw error;
  }
};

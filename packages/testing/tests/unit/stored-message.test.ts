import { describe, expect, it } from '@jest/globals';
import { storeInStatus, transitionPath, type StatusFixtureRepository } from '../../src/stored-message';

type Status = 'created' | 'queued' | 'processing' | 'completed' | 'failed';
const TRANSITIONS: Record<Status, Status[]> = {
  created: ['queued'],
  queued: ['processing', 'failed'],
  processing: ['completed', 'failed', 'queued'],
  completed: [],
  failed: ['queued'],
};
type Draft = { id: string; status: Status; attempts?: number };

/** An in-memory stand-in that records each call: what storeInStatus asks of a repository. */
function recordingRepository(): StatusFixtureRepository<Draft, Status> & { calls: string[] } {
  const calls: string[] = [];
  let stored: Draft | undefined;
  return {
    calls,
    save(draft) {
      calls.push(`save ${draft.status}`);
      stored = draft;
      return Promise.resolve({ message: draft });
    },
    transition({ from, to, changes }) {
      calls.push(`${from}→${to}`);
      if (stored?.status !== from) throw new Error(`stored message is ${stored?.status}, not ${from}`);
      stored = { ...stored, status: to, ...(changes?.attempts ? { attempts: changes.attempts } : {}) };
      return Promise.resolve(stored);
    },
  };
}

describe('storing a message in a given status', () => {
  it.each([
    ['created', 'created', []],
    ['created', 'completed', ['queued', 'processing', 'completed']],
    ['created', 'failed', ['queued', 'failed']],
    ['failed', 'completed', ['queued', 'processing', 'completed']],
  ] as const)('finds the shortest path %s → %s', (from, to, path) => {
    expect(transitionPath(TRANSITIONS, from, to)).toEqual(path);
  });

  it('refuses a status the state machine cannot reach', () => {
    expect(() => transitionPath(TRANSITIONS, 'completed', 'queued')).toThrow('no chain of transitions leads from completed to queued');
  });

  it('saves the draft, then walks it one conditional transition at a time, settling it as delivery would', async () => {
    const repository = recordingRepository();

    const stored = await storeInStatus(repository, { id: 'm1', status: 'created' }, 'completed', { transitions: TRANSITIONS });

    expect(repository.calls).toEqual(['save created', 'created→queued', 'queued→processing', 'processing→completed']);
    expect(stored).toEqual({ id: 'm1', status: 'completed', attempts: 1 });
  });
});

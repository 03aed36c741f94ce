import { describe, expect, it } from '@jest/globals';
import { lazySecret, type SecretStore } from '../../src/index';

// SSM cannot run here: the store is the boundary, so the test hands in a counting one.
function countingStore(values: Record<string, string>, failFirst = false) {
  const calls: string[] = [];
  const store: SecretStore = {
    get(name) {
      calls.push(name);
      if (failFirst && calls.length === 1) return Promise.reject(new Error('throttled'));
      const value = values[name];
      return value ? Promise.resolve(value) : Promise.reject(new Error(`no ${name}`));
    },
  };
  return { store, calls };
}

describe('lazySecret', () => {
  it('prefers a plain value and never calls the store', async () => {
    const { store, calls } = countingStore({ p: 'from-ssm' });
    await expect(lazySecret({ value: 'plain', parameterName: 'p', store })()).resolves.toBe('plain');
    expect(calls).toEqual([]);
  });

  it('reads the parameter once, on first use, and reuses it', async () => {
    const { store, calls } = countingStore({ p: 'from-ssm' });
    const secret = lazySecret({ parameterName: 'p', store });
    expect(calls).toEqual([]);
    const values = await Promise.all([secret(), secret(), secret()]);
    expect(values).toEqual(['from-ssm', 'from-ssm', 'from-ssm']);
    expect(calls).toEqual(['p']);
  });

  it('does not cache a failed read', async () => {
    const { store, calls } = countingStore({ p: 'from-ssm' }, true);
    const secret = lazySecret({ parameterName: 'p', store });
    await expect(secret()).rejects.toThrow('throttled');
    await expect(secret()).resolves.toBe('from-ssm');
    expect(calls).toHaveLength(2);
  });

  it('resolves undefined when nothing is configured', async () => {
    await expect(lazySecret({})()).resolves.toBeUndefined();
  });
});

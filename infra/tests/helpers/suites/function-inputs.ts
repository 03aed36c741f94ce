import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { FUNCTIONS, FUNCTION_NAMES, loadFunctionConfig, stackSetVariables } from '@rez-agent/core';
import { TYPES, envOf, named } from '../resources';
import type { StackUnderTest } from '../stack-suite';

/** infra/, where Pulumi runs the program: code paths are relative to it. */
const INFRA = new URL('../../../', import.meta.url);

/** What each function is given: the code it runs and the environment it starts on. */
export function describeFunctionInputs({ stage, run, prefix }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  describe(`${stage} stack: what each function is given`, () => {
    it.each(FUNCTION_NAMES)('%s runs a dist/ the bundler fills, from a source exporting the handler Lambda calls', async (fn) => {
      const lambda = named(run(), TYPES.function, `${prefix}-${fn}`);
      const folder = await (lambda.code as { path: Promise<string> }).path;
      const [file, exported] = String(lambda.handler).split('.');
      const packageDir = new URL(`${folder.replace(/\/dist$/, '')}/`, INFRA);
      const manifest = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8')) as { scripts?: { build?: string } };
      expect(manifest.scripts?.build).toContain('scripts/bundle-function.mjs');
      // The bundler writes dist/<entry>.mjs from the registry's source: the file Lambda loads.
      expect(file).toBe(FUNCTIONS[fn].entry);
      expect(readFileSync(new URL(FUNCTIONS[fn].source, packageDir), 'utf8')).toMatch(new RegExp(`export const ${exported} =`));
    });

    it('runs a different bundle for every function', async () => {
      const bundles = await Promise.all(
        FUNCTION_NAMES.map(async (fn) => {
          const lambda = named(run(), TYPES.function, `${prefix}-${fn}`);
          return `${await (lambda.code as { path: Promise<string> }).path}/${String(lambda.handler)}`;
        }),
      );
      expect(new Set(bundles).size).toBe(FUNCTION_NAMES.length);
    });

    it.each(FUNCTION_NAMES)('%s starts with its own config loader on exactly the environment the stack gives it', (fn) => {
      const variables = envOf(run(), `${prefix}-${fn}`);
      expect(() => loadFunctionConfig(fn, variables)).not.toThrow();
      const { required, optional } = stackSetVariables(fn);
      // Every variable the function reads is set, even those with a default: a forgotten one fails here.
      expect(required.filter((name) => !(name in variables))).toEqual([]);
      // Nothing it never reads, nor what Lambda sets or only local runs may hold (plain tokens).
      const expected = new Set<string>([...required, ...optional, 'NODE_OPTIONS']);
      expect(Object.keys(variables).filter((name) => !expected.has(name))).toEqual([]);
    });
  });
}

import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..', '..', '..', '..');
// Only the rule under test, and no type information: the import rule needs none.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});

/** The messages no-restricted-imports gives `source` as if it were the file at `path`. */
async function violations(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: join(root, path) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('the dependency rule (eslint.config.js)', () => {
  it.each([
    ['a function importing another function', 'packages/processor/src/x.ts', "import '@rez-agent/webapi';"],
    ['a function importing the sandbox', 'packages/webapi/src/x.ts', "import '@rez-agent/local';"],
    ['a function importing an emulator', 'packages/stream/src/x.ts', "import '@rez-agent/emulators';"],
    ['a function reaching into another package by path', 'packages/scheduler/src/x.ts', "import '../../processor/src/queue-record';"],
    ['deployed code importing test-only helpers', 'packages/processor/src/x.ts', "import '@rez-agent/core/testing';"],
    ['the sandbox importing a function’s sources', 'packages/local/src/x.ts', "import '@rez-agent/processor/src/make-handler';"],
    ['the sandbox importing test helpers', 'packages/local/src/x.ts', "import '@rez-agent/testing';"],
    ['the stack importing a function’s sources', 'infra/src/x.ts', "import '@rez-agent/webapi/src/make-handler';"],
    ['core importing another package of ours', 'packages/core/src/x.ts', "import '@rez-agent/emulators';"],
    ['the test helpers importing core (a workspace cycle)', 'packages/testing/src/x.ts', "import '@rez-agent/core';"],
    ['a function’s tests importing another function', 'packages/scheduler/tests/x.test.ts', "import '@rez-agent/processor';"],
  ])('refuses %s', async (_name, path, source) => {
    const found = await violations(path, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: /);
  });

  it.each([
    ['a function importing core', 'packages/processor/src/x.ts', "import '@rez-agent/core';"],
    ['a function’s tests importing test helpers', 'packages/processor/tests/x.test.ts', "import '@rez-agent/testing'; import '@rez-agent/core/testing';"],
    ['the sandbox naming a function’s bundle', 'packages/local/src/x.ts', "import '@rez-agent/webapi/bundle'; import '@rez-agent/emulators';"],
    ['a package’s own files', 'packages/webapi/src/x.ts', "import './http/problem'; import '../src/types';"],
  ])('allows %s', async (_name, path, source) => {
    expect(await violations(path, source)).toEqual([]);
  });
});

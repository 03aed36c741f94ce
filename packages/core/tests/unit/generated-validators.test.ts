import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateValidatorSources } from '../../src/schemas/compile';

const generatedDir = join(import.meta.dirname, '..', '..', 'src', 'schemas', 'generated');

describe('generated validators', () => {
  it.each(Object.entries(generateValidatorSources()))('%s matches the schemas (run `pnpm --filter @rez-agent/core generate`)', (file, source) => {
    expect(readFileSync(join(generatedDir, file), 'utf8')).toBe(source);
  });

  it('need nothing at run time: no require, no import', () => {
    for (const [file, source] of Object.entries(generateValidatorSources())) {
      if (!file.endsWith('.js')) continue;
      expect(source).not.toMatch(/\brequire\(|^import /m);
    }
  });
});

// Writes src/schemas/generated/*: the schemas compiled to plain functions (see compile.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateValidatorSources } from '../src/schemas/compile';

const dir = join(import.meta.dirname, '..', 'src', 'schemas', 'generated');
mkdirSync(dir, { recursive: true });
for (const [file, source] of Object.entries(generateValidatorSources())) {
  writeFileSync(join(dir, file), source);
  console.log(`wrote ${join(dir, file)}`);
}

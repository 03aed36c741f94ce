#!/usr/bin/env node
// Bundles the Lambda functions of one package (run from its package folder). Which functions a
// package holds, and each one's source and bundle name, come from core's registry
// (packages/core/src/deployment.ts, imported with Node's type stripping): each source becomes
// dist/<entry>.mjs, exporting `handler`. Each entry is bundled on its own, so one function's cold
// start never loads another's code. With a source argument it bundles that one file as
// dist/index.mjs instead: for what is no deployed function (the cold-start bench's floor).
// ESM, minified, with source maps, for Node 24. The AWS SDK is bundled rather than taken from
// the runtime so the version we test is the version we run.
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FUNCTIONS, functionsOfPackage } from '../packages/core/src/deployment.ts';

const cwd = process.cwd();
const outdir = join(cwd, 'dist');
const [source] = process.argv.slice(2);
const functions = functionsOfPackage(basename(cwd));
if (!source && functions.length === 0) {
  console.error(`bundle-function: no function in packages/core/src/deployment.ts is built from packages/${basename(cwd)}`);
  process.exit(1);
}
const entries = source ? { index: source } : Object.fromEntries(functions.map((fn) => [FUNCTIONS[fn].entry, FUNCTIONS[fn].source]));
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, join(cwd, source)])),
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  // Some bundled dependencies are CommonJS and call require(): give them one inside ESM.
  banner: { js: "import { createRequire as __rezCreateRequire } from 'node:module'; const require = __rezCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

for (const name of Object.keys(entries)) {
  const size = statSync(join(outdir, `${name}.mjs`)).size;
  console.log(`bundled ${join(outdir, `${name}.mjs`)} (${(size / 1024).toFixed(1)} KiB)`);
}

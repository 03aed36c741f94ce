#!/usr/bin/env node
// Bundles one Lambda function (run from its package folder): src/handler.ts → dist/index.mjs.
// A package whose dist serves more than one function lists its entries in package.json as
// `"lambdaEntries": { "<bundle name>": "<source>" }` (each → dist/<bundle name>.mjs, handler
// `<bundle name>.handler`); the default is { "index": "src/handler.ts" }. Each entry is bundled on
// its own, so one function's cold start never loads another's code.
// ESM, minified, with source maps, for Node 24. The AWS SDK is bundled rather than taken from
// the runtime so the version we test is the version we run.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const cwd = process.cwd();
const outdir = join(cwd, 'dist');
const manifest = join(cwd, 'package.json');
const entries = (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).lambdaEntries) || { index: 'src/handler.ts' };
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

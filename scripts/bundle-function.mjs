#!/usr/bin/env node
// Bundles one Lambda function (run from its package folder): src/handler.ts → dist/index.mjs.
// ESM, minified, with source maps, for Node 24. The AWS SDK is bundled rather than taken from
// the runtime so the version we test is the version we run.
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const cwd = process.cwd();
const outdir = join(cwd, 'dist');
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: { index: join(cwd, 'src', 'handler.ts') },
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

const size = statSync(join(outdir, 'index.mjs')).size;
console.log(`bundled ${join(cwd, 'dist', 'index.mjs')} (${(size / 1024).toFixed(1)} KiB)`);

#!/usr/bin/env node
// Bundles the console into dist/: the app's JavaScript and CSS under content-hashed names (so
// the webapi can let browsers cache them for good) and an index.html naming them. Everything
// the page loads is in dist/: no CDN. The build fails when the JavaScript, gzipped, is over the
// budget the issue sets.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The most JavaScript, gzipped, the console may ship (issue 12). */
const JS_BUDGET_BYTES = 100 * 1024;
/** Where the webapi serves dist/ (the page names its assets by absolute path). */
const BASE = '/console/';

const here = import.meta.dirname;
const outdir = join(here, 'dist');
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: [join(here, 'src', 'main.tsx')],
  outdir,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const script = outputs.find((file) => file.endsWith('.js'));
const style = outputs.find((file) => file.endsWith('.css'));
if (!script || !style) throw new Error(`console build: expected one .js and one .css output, got ${outputs.join(', ')}`);

const template = readFileSync(join(here, 'src', 'index.html'), 'utf8');
writeFileSync(join(outdir, 'index.html'), template.replace('%SCRIPT%', `${BASE}${script}`).replace('%STYLE%', `${BASE}${style}`));

const gzipped = outputs.filter((file) => file.endsWith('.js')).reduce((sum, file) => sum + gzipSync(readFileSync(join(outdir, file)), { level: 9 }).length, 0);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`bundled ${join(outdir, script)}: JavaScript ${kib(gzipped)} gzipped (budget ${kib(JS_BUDGET_BYTES)}), ${style}`);
if (gzipped > JS_BUDGET_BYTES) {
  console.error(`console build: the JavaScript is ${kib(gzipped)} gzipped, over the ${kib(JS_BUDGET_BYTES)} budget`);
  process.exit(1);
}

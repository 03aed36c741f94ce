#!/usr/bin/env node
// Builds what the webapi serves at GET /api/openapi.json and GET /docs into dist/api-docs/: the
// committed document, the docs page rendered from it by Redocly's build-docs (Redoc, its scripts
// inlined: nothing is loaded from a CDN), and the Content-Security-Policy that page needs (its
// inline scripts by hash), so the function reads files at request time and computes nothing.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const here = join(import.meta.dirname, '..');
const out = join(here, 'dist', 'api-docs');
const documentFile = join(here, 'openapi', 'openapi.json');
const page = join(out, 'docs.html');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

execFileSync(
  join(here, 'node_modules', '.bin', 'redocly'),
  // Hash routing: the page lives at /docs, and a reload of /docs#/... must not ask the API for /operation/x.
  ['build-docs', documentFile, '--output', page, '--inlineBundle', '--title', 'rez-agent API', '--openapi.router=hash'],
  { cwd: here, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
);
copyFileSync(documentFile, join(out, 'openapi.json'));

const html = readFileSync(page, 'utf8');
const external = [...html.matchAll(/<(?:script|link|img|iframe|source)\b[^>]*\s(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)].map((match) => match[1]);
if (external.length) {
  console.error(`build-api-docs: the docs page loads from outside: ${external.join(', ')}`);
  process.exit(1);
}
const scriptHashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
  (match) => `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`,
);
// Only what the page itself carries may run or load: its inline scripts (by hash) and styles,
// data: images; no network, no frames, no forms. Redoc's logo and icon URLs are thereby blocked.
const csp = [
  "default-src 'none'",
  `script-src ${scriptHashes.join(' ')}`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
writeFileSync(join(out, 'docs-headers.json'), `${JSON.stringify({ 'Content-Security-Policy': csp }, null, 2)}\n`);
console.log(`built ${page} (${(html.length / 1024).toFixed(0)} KiB, ${scriptHashes.length} inline scripts)`);

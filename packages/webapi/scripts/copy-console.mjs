#!/usr/bin/env node
// Puts the console's built files (packages/console/dist) beside the webapi's bundle, in
// dist/console/: they ship in the same Lambda archive and are read from there on the first
// console request, never at cold start. Runs after bundle-function.mjs, which empties dist/.
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const page = createRequire(import.meta.url).resolve('@rez-agent/console/dist/index.html');
const target = join(import.meta.dirname, '..', 'dist', 'console');
cpSync(dirname(page), target, { recursive: true });
console.log(`copied the console (${dirname(page)}) to ${target}`);

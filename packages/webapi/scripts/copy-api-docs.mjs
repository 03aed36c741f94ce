#!/usr/bin/env node
// Puts the API's contract files (core's build: the OpenAPI document, the docs page and its
// headers) into dist/api-docs/, beside the bundle: the function reads them from there, and the
// stack deploys the whole dist/ folder.
import { cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const source = dirname(createRequire(import.meta.url).resolve('@rez-agent/core/api-docs/openapi.json'));
const target = join(import.meta.dirname, '..', 'dist', 'api-docs');
cpSync(source, target, { recursive: true });
console.log(`copied ${source} to ${target}`);

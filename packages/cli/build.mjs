#!/usr/bin/env node
// Bundles the `rez` CLI into one file, dist/rez.js, with everything it needs inside (commander,
// core's API surface): the packed package has no runtime dependencies.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const outfile = join(here, 'dist', 'rez.js');
rmSync(join(here, 'dist'), { recursive: true, force: true });

await build({
  entryPoints: [join(here, 'src', 'cli.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  legalComments: 'eof',
  banner: { js: '#!/usr/bin/env node' },
  define: { REZ_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
console.log(`bundled ${outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KiB)`);

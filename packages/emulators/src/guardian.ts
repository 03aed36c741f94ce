/**
 * The watchdog that runs between a sandbox (or test run) and DynamoDB Local's JVM, as the source
 * of a `node -e` process. It exits, and takes Java with it, as soon as its stdin closes, which
 * happens when its parent ends for any reason, SIGKILL included. It runs in its own session
 * (spawned detached), so a terminal's Ctrl-C reaches only the sandbox, which decides when
 * DynamoDB Local stops: after in-flight deliveries have written their outcome. It removes the
 * JVM's scratch folder once Java is gone.
 */
export const GUARDIAN_SOURCE = `
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const { command, args, scratchDir } = JSON.parse(process.argv[1]);
const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
};
const cleanUp = () => {
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
};
child.on('error', (error) => { console.error(error.message); cleanUp(); process.exit(127); });
child.on('exit', (code, signal) => { cleanUp(); process.exit(code ?? (signal ? 1 : 0)); });
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('SIGHUP', stop);
`;

import { spawn } from 'node:child_process';
import { PinoPretty } from 'pino-pretty';

/** Set in the child so it runs the sandbox itself instead of supervising again. */
export const SUPERVISED_ENV = 'REZ_LOCAL_SUPERVISED';

/**
 * For a person at a terminal: runs the sandbox in a child process whose stdout (its JSON log
 * lines and those of the function bundles, which write to fd 1 directly) is pretty-printed
 * here. Signals are passed on; the child also stops when this process dies (its IPC channel
 * closes). Resolves with the child's exit code once it has finished stopping. `npm start`
 * (scripts/run.mjs) calls it from dist/pretty-logs.js, so that no second supervisor runs.
 */
export function runWithPrettyLogs(
  script: string,
  argv: readonly string[],
  options: { execPath?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const execArgs = options.execPath ? [] : process.execArgv;
  const child = spawn(options.execPath ?? process.execPath, [...execArgs, script, ...argv], {
    stdio: ['inherit', 'pipe', 'inherit', 'ipc'],
    env: { ...(options.env ?? process.env), [SUPERVISED_ENV]: '1' },
  });
  const pretty = PinoPretty({
    colorize: true,
    messageKey: 'message',
    // core's logger writes the time as `timestamp`, the key Lambda reads.
    timestampKey: 'timestamp',
    errorLikeObjectKeys: ['error', 'err'],
    translateTime: 'SYS:HH:MM:ss.l',
    // One line per entry: "[processor] delivered to ntfy ... {message_id, ...}".
    singleLine: true,
    messageFormat: '[{function}] {message}',
    ignore: 'pid,hostname,service,stage,function,request_id,correlation_id,sqs_message_id',
    // The banner and anything else that is not a JSON line pass through as they are.
    destination: 1,
  });
  child.stdout?.pipe(pretty);
  // A closed terminal fails the writes; the child must still get to stop cleanly.
  pretty.on('error', () => undefined);
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

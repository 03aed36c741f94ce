import { fileURLToPath } from 'node:url';
import { ConfigError, createLogger } from '@rez-agent/core';
import { EmulatorError } from '@rez-agent/emulators';
import { SandboxError } from './errors';
import { watchLaunchers } from './launcher-watch';
import { SUPERVISED_ENV, runWithPrettyLogs } from './pretty-logs';
import { startSandbox, type Sandbox } from './sandbox';
import { USAGE, resolveSettings } from './settings';

/** One readable line on stderr and exit 1: what a person sees for a problem they can fix. */
function fail(error: unknown): never {
  const known = error instanceof SandboxError || error instanceof EmulatorError || error instanceof ConfigError;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(`rez-agent: ${known ? '' : 'could not start the sandbox: '}${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const settings = resolveSettings(argv, process.env);
  if (settings.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // A closed terminal or a reader that went away must not turn the stop into a crash.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  if (process.stdout.isTTY && !process.env[SUPERVISED_ENV]) {
    process.exit(await runWithPrettyLogs(fileURLToPath(import.meta.url), argv));
  }

  const logger = createLogger({ functionName: 'local', stage: settings.stage, level: settings.logLevel, secrets: [settings.apiToken, settings.ntfyToken] });
  const started: { sandbox?: Sandbox } = {};
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'sandbox: stopping');
      await started.sandbox?.stop();
      logger.info('sandbox: stopped');
      process.exit(0);
    })();
  };
  // Registered before start-up: a signal then exits at once, and DynamoDB Local's watchdog
  // takes the JVM down with us. Ctrl-C reaches the whole foreground group; the emulators run
  // in their own session, so only this process decides when they stop: after the drain.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  process.on('disconnect', () => shutdown('the supervising process went away'));
  watchLaunchers((pid) => shutdown(`the process that started the sandbox (pid ${pid}) went away`));

  const sandbox = await startSandbox(settings, logger);
  started.sandbox = sandbox;
  process.stderr.write(`${sandbox.banner}\n`);
  logger.info({ api: sandbox.apiUrl }, 'sandbox: ready');
}

main().catch(fail);

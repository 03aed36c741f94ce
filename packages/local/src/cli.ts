import { fileURLToPath } from 'node:url';
import { ConfigError, createLogger } from '@rez-agent/core';
import { EmulatorError } from '@rez-agent/emulators';
import { SandboxError } from './errors';
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
  if (process.stdout.isTTY && !process.env[SUPERVISED_ENV]) {
    process.exitCode = await runWithPrettyLogs(fileURLToPath(import.meta.url), argv);
    return;
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
  // takes the JVM down with us.
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('disconnect', () => shutdown('the supervising process went away'));

  const sandbox = await startSandbox(settings, logger);
  started.sandbox = sandbox;
  process.stderr.write(`${sandbox.banner}\n`);
  logger.info({ api: sandbox.apiUrl }, 'sandbox: ready');
}

main().catch(fail);

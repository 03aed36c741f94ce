import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { contextOf } from '../context';
import { CliError } from '../errors';
import { formatDuration, parseDuration } from '../duration';
import { paintStatus, printMessage, type MessageView } from '../message-view';

/** Where a message's life ends, and the exit code each end gives `rez watch`. */
const SETTLED_EXIT: Readonly<Record<string, number>> = { completed: 0, failed: 1, cancelled: 1 };
/** GNU timeout's code: a script can tell "gave up waiting" from "failed". */
export const WATCH_TIMEOUT_EXIT = 124;

class WatchTimeoutError extends CliError {
  override readonly name = 'WatchTimeoutError';
  override readonly exitCode = WATCH_TIMEOUT_EXIT;
}

interface WatchOptions {
  interval: number;
  timeout?: number;
}

export function watchCommand(): Command {
  return new Command('watch')
    .description('wait until a message settles; exit 0 when completed, 1 when failed or cancelled')
    .argument('<id>', 'the message id')
    .option('-i, --interval <duration>', 'time between two looks (e.g. 500ms, 2s)', (text) => parseDuration(text, '--interval'), 1000)
    .option('--timeout <duration>', `give up after this long (exit ${WATCH_TIMEOUT_EXIT}); default: wait as long as it takes`, (text) => parseDuration(text, '--timeout'))
    .action(async (id: string, options: WatchOptions, command: Command) => {
      const { api, out } = contextOf(command);
      const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout;
      let last: string | undefined;
      for (;;) {
        const message = await api.call<MessageView>('GET /api/messages/{id}', { params: { id } });
        if (!out.json && message.status !== last) out.line(`${new Date().toISOString()}  ${paintStatus(out, message.status)}`);
        last = message.status;
        const exit = SETTLED_EXIT[message.status];
        if (exit !== undefined) {
          if (out.json) out.document(message);
          else if (exit !== 0) printMessage(out, message);
          process.exitCode = exit;
          return;
        }
        if (Date.now() + options.interval > deadline) throw new WatchTimeoutError(`message ${id} is still ${message.status} after ${formatDuration(options.timeout ?? 0)}`);
        await sleep(options.interval);
      }
    });
}

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { Command } from 'commander';
import { contextOf } from '../context';
import { CliError } from '../errors';
import { formatDuration } from '../duration';
import { addContentOptions, type ContentOptions } from './message-content';
import { sendMessage } from './send';

/** How a command ended: its exit code as a shell reports it (128 + n for a signal). */
export interface CommandOutcome {
  exitCode: number;
  durationMs: number;
  /** Why it did not run at all (not found, not executable). */
  startError?: string;
}

/** A shell would print `rsync -av './my dir' /tmp`: the command as it can be pasted back. */
export function quoteCommand(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/**
 * Runs the command with this terminal, as if typed. Ctrl-C reaches it directly (same process
 * group) and a SIGTERM sent to rez is passed on; rez itself outlives both so it can report.
 */
function runToEnd(argv: readonly string[]): Promise<CommandOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: 'inherit' });
    const pass = (signal: NodeJS.Signals): void => void child.kill(signal);
    const keep = (): void => undefined;
    process.on('SIGINT', keep).on('SIGTERM', pass).on('SIGHUP', pass);
    const done = (outcome: Omit<CommandOutcome, 'durationMs'>): void => {
      process.off('SIGINT', keep).off('SIGTERM', pass).off('SIGHUP', pass);
      resolve({ ...outcome, durationMs: performance.now() - started });
    };
    child.once('error', (error: NodeJS.ErrnoException) => done({ exitCode: error.code === 'ENOENT' ? 127 : 126, startError: error.message }));
    child.once('exit', (code, signal) => done({ exitCode: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0) }));
  });
}

/** ntfy's words for it (`ntfy publish --wait-cmd`), plus how long it ran. */
export function outcomeText(argv: readonly string[], outcome: CommandOutcome): string {
  const shown = quoteCommand(argv);
  const command = shown.length > 1000 ? `${shown.slice(0, 999)}…` : shown;
  const took = formatDuration(outcome.durationMs);
  if (outcome.startError) return `Command failed to start (${outcome.startError}): ${command}`;
  if (outcome.exitCode === 0) return `Command done after ${took}: ${command}`;
  return `Command failed (exit code ${outcome.exitCode}) after ${took}: ${command}`;
}

export function runCommand(): Command {
  return addContentOptions(
    new Command('run')
      .description("run a command, then send a notification with its exit status and duration; exits with the command's status")
      .argument('<command...>', 'the command and its arguments, after -- (so its own flags stay its own)')
      .showHelpAfterError('(put the command after --, e.g. rez run -- ls -l)'),
  )
    .addHelpText(
      'after',
      "\nA failed command's notification has priority 4 (high) and tag x, a successful one tag white_check_mark, unless -p / -T say otherwise.\n\nExamples:\n  rez run -- make release\n  rez run -t 'nightly backup' -- rsync -av ./ /backup",
    )
    .action(async (argv: string[], options: ContentOptions, command: Command) => {
      const context = contextOf(command);
      const outcome = await runToEnd(argv);
      const failed = outcome.exitCode !== 0;
      try {
        await sendMessage(context, outcomeText(argv, outcome), {
          ...options,
          priority: options.priority ?? (failed ? 4 : undefined),
          tags: options.tags ?? [failed ? 'x' : 'white_check_mark'],
        });
      } catch (error) {
        // The command's status wins; a command that succeeded still fails the run when nobody was told.
        if (error instanceof CliError) process.stderr.write(`rez: could not send the notification: ${error.message}\n`);
        else throw error;
        process.exitCode = failed ? outcome.exitCode : 1;
        return;
      }
      if (outcome.startError) process.stderr.write(`rez: ${outcome.startError}\n`);
      process.exitCode = outcome.exitCode;
    });
}

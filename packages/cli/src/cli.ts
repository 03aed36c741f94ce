import { buildProgram } from './program';
import { CliError } from './errors';

// `rez list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // One line a person can act on; a stack only for what the CLI did not expect.
  if (error instanceof CliError) {
    process.stderr.write(`rez: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`rez: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

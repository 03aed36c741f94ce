import { Command } from 'commander';
import { getCommand } from './commands/get';
import { listCommand } from './commands/list';
import { cancelCommand, retryCommand } from './commands/message-actions';
import { healthCommand, metricsCommand } from './commands/metrics';
import { runCommand } from './commands/run';
import { schedulesCommand } from './commands/schedules';
import { sendCommand } from './commands/send';
import { watchCommand } from './commands/watch';
import { DEFAULT_API_URL, ENV } from './settings';

/** The version the package was built as (esbuild fills it in from package.json). */
declare const REZ_VERSION: string;

const SETTINGS_HELP = `
Settings (a flag beats the environment, which beats the config file):
  --api-url   ${ENV.apiUrl}     default ${DEFAULT_API_URL} (the sandbox of npm start)
  --token     ${ENV.token}   the API token; prefer the variable or the file: a flag shows in ps
  --profile   ${ENV.profile}     a profile of $XDG_CONFIG_HOME/rez-agent/config.json
                             (default ~/.config/rez-agent/config.json), else "default":
                             {"profiles": {"default": {"api_url": "...", "token": "..."}}}
Output is for people (colours only at a terminal and never with NO_COLOR); --json is for scripts.
An API error is one line on stderr and exit code 1.`;

/** The `rez` command tree; every subcommand has its own --help. */
export function buildProgram(): Command {
  const program = new Command('rez')
    .description('send and follow rez-agent notifications')
    .version(typeof REZ_VERSION === 'string' ? REZ_VERSION : '0.0.0-dev')
    .option('--api-url <url>', `the API's base URL (env ${ENV.apiUrl})`)
    .option('--token <token>', `the API token (env ${ENV.token})`)
    .option('--profile <name>', `a profile of the config file (env ${ENV.profile})`)
    .option('--json', 'print the JSON the API answered, for scripts')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', SETTINGS_HELP);
  for (const command of [sendCommand(), listCommand(), getCommand(), retryCommand(), cancelCommand(), watchCommand(), runCommand(), schedulesCommand(), metricsCommand(), healthCommand()]) {
    program.addCommand(command);
  }
  return program;
}

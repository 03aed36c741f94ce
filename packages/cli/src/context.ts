import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { Output, wantsColour } from './output';
import { resolveSettings, type Settings } from './settings';

/** The options every command takes (set on the program, before or after the command name). */
export interface GlobalOptions {
  apiUrl?: string;
  token?: string;
  profile?: string;
  json?: boolean;
}

/** What a command's action works with: the API, where to print, and the settings in force. */
export interface CommandContext {
  api: ApiClient;
  out: Output;
  settings: Settings;
}

/** Built per action, so `--api-url` after the command name counts as much as before it. */
export function contextOf(command: Command, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const settings = resolveSettings(options, env);
  return {
    api: new ApiClient(settings),
    out: new Output(process.stdout, options.json === true, wantsColour(process.stdout, env)),
    settings,
  };
}

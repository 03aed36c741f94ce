import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors';

/** Where the API is and how to sign in to it: what every command that calls the API needs. */
export interface Settings {
  apiUrl: string;
  /** Undefined when none is set anywhere: the API then answers 401 and the error says how to set one. */
  token: string | undefined;
  /** The profile read from the config file, or undefined when the file has none for it. */
  profile: string | undefined;
}

export interface SettingsFlags {
  apiUrl?: string;
  token?: string;
  profile?: string;
}

/** One named profile in `config.json`. */
interface Profile {
  api_url?: string;
  token?: string;
}

/** The sandbox's address: what `npm start` serves unless told otherwise. */
export const DEFAULT_API_URL = 'http://127.0.0.1:3000';
export const DEFAULT_PROFILE = 'default';
export const ENV = { apiUrl: 'REZ_API_URL', token: 'REZ_API_TOKEN', profile: 'REZ_PROFILE' } as const;

/** `$XDG_CONFIG_HOME/rez-agent/config.json`, else `~/.config/rez-agent/config.json`. */
export function configFilePath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'rez-agent', 'config.json');
}

function readProfiles(path: string): Record<string, Profile> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    throw new UsageError(`${path} must be {"profiles": {"<name>": {"api_url": "...", "token": "..."}}}`);
  }
  for (const [name, profile] of Object.entries(profiles as Record<string, unknown>)) {
    const fields = typeof profile === 'object' && profile !== null ? Object.entries(profile) : undefined;
    const bad = fields === undefined ? 'is not an object' : fields.find(([key, value]) => !['api_url', 'token'].includes(key) || typeof value !== 'string')?.[0];
    if (bad !== undefined) throw new UsageError(`${path}: profile "${name}" ${fields === undefined ? bad : `has a bad field "${bad}" (only api_url and token, as strings)`}`);
  }
  return profiles as Record<string, Profile>;
}

const nonEmpty = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * Each setting from the first place that has it: the flag, then the environment, then the
 * profile in the config file (`--profile` / `REZ_PROFILE`, else "default"). A profile asked for
 * by name must exist; the default one may be absent.
 */
export function resolveSettings(flags: SettingsFlags, env: NodeJS.ProcessEnv): Settings {
  const named = nonEmpty(flags.profile) ?? nonEmpty(env[ENV.profile]);
  const name = named ?? DEFAULT_PROFILE;
  const path = configFilePath(env);
  const profiles = readProfiles(path);
  const profile = profiles?.[name];
  if (named !== undefined && profile === undefined) {
    const known = Object.keys(profiles ?? {});
    throw new UsageError(`no profile "${name}" in ${path}${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
  }
  const apiUrl = nonEmpty(flags.apiUrl) ?? nonEmpty(env[ENV.apiUrl]) ?? nonEmpty(profile?.api_url) ?? DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new UsageError(`the API URL "${apiUrl}" is not a URL (expected e.g. ${DEFAULT_API_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`the API URL must be http or https, not ${url.protocol}`);
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    token: nonEmpty(flags.token) ?? nonEmpty(env[ENV.token]) ?? nonEmpty(profile?.token),
    profile: profile ? name : undefined,
  };
}

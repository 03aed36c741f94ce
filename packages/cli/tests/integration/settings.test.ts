import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startScriptedApi, type ScriptedApi } from '../helpers/api-server';
import { runRez, tempConfigHome } from '../helpers/rez';

const HEALTH = { status: 200, body: { status: 'healthy', timestamp: '2026-12-01T10:00:00.000Z', stage: 'dev' } };
let fromFlag: ScriptedApi;
let fromEnv: ScriptedApi;
let fromFile: ScriptedApi;
const home = tempConfigHome();

function writeConfig(profiles: unknown): void {
  mkdirSync(join(home.dir, 'rez-agent'), { recursive: true });
  writeFileSync(join(home.dir, 'rez-agent', 'config.json'), JSON.stringify(profiles));
}

beforeAll(async () => {
  [fromFlag, fromEnv, fromFile] = await Promise.all([startScriptedApi(HEALTH), startScriptedApi(HEALTH), startScriptedApi(HEALTH)]);
});
afterEach(() => rmSync(join(home.dir, 'rez-agent'), { recursive: true, force: true }));
afterAll(async () => {
  await Promise.all([fromFlag.close(), fromEnv.close(), fromFile.close()]);
  home.remove();
});

const lastAuth = (api: ScriptedApi): string | undefined => api.requests.at(-1)?.headers.authorization;

describe('settings: a flag beats the environment, which beats the config file', () => {
  it('the default profile of $XDG_CONFIG_HOME/rez-agent/config.json is used when nothing else is set', async () => {
    writeConfig({ profiles: { default: { api_url: fromFile.url, token: 'file-token' } } });

    const result = await runRez(['health', '--json'], { env: { XDG_CONFIG_HOME: home.dir } });

    expect(result.code).toBe(0);
    expect(lastAuth(fromFile)).toBe('Bearer file-token');
  });

  it('the environment beats the file, setting by setting', async () => {
    writeConfig({ profiles: { default: { api_url: fromFile.url, token: 'file-token' } } });
    const before = fromFile.requests.length;

    const result = await runRez(['health', '--json'], { env: { XDG_CONFIG_HOME: home.dir, REZ_API_TOKEN: 'env-token' } });

    expect(result.code).toBe(0);
    expect(fromFile.requests.length).toBe(before + 1);
    expect(lastAuth(fromFile)).toBe('Bearer env-token');
  });

  it('flags beat the environment, before or after the command name', async () => {
    const env = { XDG_CONFIG_HOME: home.dir, REZ_API_URL: fromEnv.url, REZ_API_TOKEN: 'env-token' };
    const before = fromEnv.requests.length;

    const early = await runRez(['--api-url', fromFlag.url, '--token', 'flag-token', 'health'], { env });
    const late = await runRez(['health', '--api-url', fromFlag.url, '--token', 'flag-token-2'], { env });

    expect([early.code, late.code]).toEqual([0, 0]);
    expect(fromFlag.requests.slice(-2).map((request) => request.headers.authorization)).toEqual(['Bearer flag-token', 'Bearer flag-token-2']);
    expect(fromEnv.requests.length).toBe(before);
  });

  it('REZ_PROFILE and --profile pick a named profile; --profile wins', async () => {
    writeConfig({ profiles: { default: { api_url: fromEnv.url }, prod: { api_url: fromFile.url, token: 'prod-token' }, dev: { api_url: fromFlag.url, token: 'dev-token' } } });

    const byEnv = await runRez(['health'], { env: { XDG_CONFIG_HOME: home.dir, REZ_PROFILE: 'prod' } });
    const byFlag = await runRez(['--profile', 'dev', 'health'], { env: { XDG_CONFIG_HOME: home.dir, REZ_PROFILE: 'prod' } });

    expect([byEnv.code, byFlag.code]).toEqual([0, 0]);
    expect(lastAuth(fromFile)).toBe('Bearer prod-token');
    expect(lastAuth(fromFlag)).toBe('Bearer dev-token');
  });

  it('a profile asked for by name must exist: the error lists the ones there are', async () => {
    writeConfig({ profiles: { default: {}, prod: {} } });

    const result = await runRez(['--profile', 'staging', 'list'], { env: { XDG_CONFIG_HOME: home.dir } });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`rez: no profile "staging" in ${join(home.dir, 'rez-agent', 'config.json')} (it has: default, prod)\n`);
  });

  it('a config file with a misspelt field is refused, naming the field (a token must never be ignored silently)', async () => {
    writeConfig({ profiles: { default: { api_url: fromFile.url, tokn: 'x' } } });

    const result = await runRez(['list'], { env: { XDG_CONFIG_HOME: home.dir } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('profile "default" has a bad field "tokn"');
  });

  it('with no token anywhere, no Authorization header is sent', async () => {
    const result = await runRez(['health', '--json'], { env: { XDG_CONFIG_HOME: home.dir, REZ_API_URL: fromEnv.url } });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(HEALTH.body);
    expect(fromEnv.requests.at(-1)?.headers.authorization).toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import { runRez } from '../helpers/rez';

const COMMANDS = ['send', 'list', 'get', 'retry', 'cancel', 'watch', 'run', 'schedules', 'metrics', 'health'];

describe('--help', () => {
  it('the program lists every command and where settings come from', async () => {
    const result = await runRez(['--help']);

    expect(result.code).toBe(0);
    for (const name of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(result.stdout).toContain('a flag beats the environment, which beats the config file');
  });

  it.each(COMMANDS)('rez %s --help shows its usage and exits 0 without calling the API', async (name) => {
    const result = await runRez([name, '--help'], { env: { REZ_API_URL: 'http://127.0.0.1:9' } });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: rez ${name} `));
    expect(result.stderr).toBe('');
  });

  it('an unknown option is one clear error and exit 1', async () => {
    const result = await runRez(['run', 'ls', '-l']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe("error: unknown option '-l'\n(put the command after --, e.g. rez run -- ls -l)\n");
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MessageView } from '../../src/message-view';
import type { ScheduleView } from '../../src/commands/schedules';
import { jsonOf, runRez, tempConfigHome, type RezOptions } from '../helpers/rez';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox';

// One sandbox for the file; notifications go to its local inbox.
let sandbox: RunningSandbox;
const home = tempConfigHome();

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.stop();
  home.remove();
});

const rez = (args: readonly string[], options: RezOptions = {}) =>
  runRez(args, { ...options, env: { REZ_API_URL: sandbox.url, REZ_API_TOKEN: sandbox.token, XDG_CONFIG_HOME: home.dir, ...options.env }, timeoutMs: 60_000 });

const create = async (...args: string[]): Promise<ScheduleView> => jsonOf<ScheduleView>(await rez(['schedules', 'create', '--json', ...args]));

describe('rez schedules against the sandbox', () => {
  it('create: the expression, zone and message flags make the schedule, enabled with its next run', async () => {
    const schedule = await create('standup', 'cron(0 9 ? * MON-FRI *)', '-z', 'Europe/Berlin', '-t', 'Standup', '-p', 'high', '-T', 'calendar', 'Stand-up', 'in', '5', 'minutes');

    expect(schedule).toMatchObject({
      name: 'standup',
      expression: 'cron(0 9 ? * MON-FRI *)',
      timezone: 'Europe/Berlin',
      state: 'enabled',
      source: 'api',
      message: { payload: 'Stand-up in 5 minutes', title: 'Standup', priority: 4, tags: ['calendar'], message_type: 'scheduled' },
    });
    expect(Date.parse(schedule.next_run_at ?? '')).toBeGreaterThan(Date.now());
  });

  it('create --paused: stored paused, with no next run', async () => {
    const schedule = await create('quiet', 'rate(1 hour)', '--paused', 'not yet');

    expect(schedule).toMatchObject({ name: 'quiet', state: 'paused', next_run_at: null });
  });

  it('create with an expression the stack would refuse: the API\'s 400 naming it, as one line', async () => {
    const result = await rez(['schedules', 'create', 'broken', 'every 5 minutes', 'x']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rez: 400 Bad Request: .*\(expression: .+\)\n$/);
  });

  it('create a name that is taken: the 409 as one line', async () => {
    await create('twice', 'rate(1 day)', 'first');

    const result = await rez(['schedules', 'create', 'twice', 'rate(1 day)', 'second']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rez: 409 Conflict: .*twice.*\n$/);
  });

  it('list: every schedule in a table, and all of them with --all --json', async () => {
    await create('listed', 'rate(5 minutes)', 'listed');

    const human = await rez(['schedules', 'list', '--limit', '100']);
    const json = jsonOf<{ schedules: ScheduleView[] }>(await rez(['schedules', 'list', '--all', '--limit', '1', '--json']));

    expect(human.stdout.split('\n')[0]).toMatch(/^NAME +STATE +EXPRESSION +TIMEZONE +NEXT RUN +SOURCE$/);
    expect(human.stdout).toMatch(/^listed +enabled +rate\(5 minutes\) +UTC +\S+ +api$/m);
    expect(json.schedules.map((schedule) => schedule.name)).toEqual(expect.arrayContaining(['standup', 'quiet', 'listed']));
    expect(new Set(json.schedules.map((schedule) => schedule.name)).size).toBe(json.schedules.length);
  });

  it('get: one schedule for people', async () => {
    const result = await rez(['schedules', 'get', 'standup']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^expression +cron\(0 9 \? \* MON-FRI \*\)$/m);
    expect(result.stdout).toMatch(/^timezone +Europe\/Berlin$/m);
    expect(result.stdout).toMatch(/^payload +Stand-up in 5 minutes$/m);
  });

  it('pause and resume: the state and next run follow', async () => {
    await create('toggled', 'rate(10 minutes)', 'toggled');

    const paused = jsonOf<ScheduleView>(await rez(['schedules', 'pause', 'toggled', '--json']));
    const resumed = await rez(['schedules', 'resume', 'toggled']);

    expect(paused).toMatchObject({ state: 'paused', next_run_at: null });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^state +enabled$/m);
    expect(resumed.stdout).toMatch(/^next run +\d{4}-\d{2}-\d{2}T/m);
  });

  it('trigger: one message now, which is delivered', async () => {
    await create('fire-now', 'rate(1 day)', '-t', 'Now', 'fired by hand');

    const triggered = await rez(['schedules', 'trigger', 'fire-now']);
    const id = /^queued (\w{26})\n$/.exec(triggered.stdout)?.[1] ?? '';

    expect(triggered.code).toBe(0);
    expect((await rez(['watch', id, '-i', '200ms'])).code).toBe(0);
    expect(jsonOf<MessageView>(await rez(['get', id, '--json']))).toMatchObject({ payload: 'fired by hand', title: 'Now', status: 'completed' });
  });

  it('trigger --idempotency-key: a repeat answers the same message and fires nothing more', async () => {
    await create('fire-once', 'rate(1 day)', 'fired once');

    const first = jsonOf<MessageView>(await rez(['schedules', 'trigger', 'fire-once', '-k', 'deploy-42', '--json']));
    const again = jsonOf<MessageView>(await rez(['schedules', 'trigger', 'fire-once', '-k', 'deploy-42', '--json']));
    const other = jsonOf<MessageView>(await rez(['schedules', 'trigger', 'fire-once', '-k', 'deploy-43', '--json']));

    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
  });

  it('delete: gone (a 204 is success), and then a 404 as one line', async () => {
    await create('doomed', 'rate(1 day)', 'doomed');

    const deleted = await rez(['schedules', 'delete', 'doomed']);
    const after = await rez(['schedules', 'get', 'doomed']);

    expect(deleted).toMatchObject({ code: 0, stdout: 'deleted doomed\n' });
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/^rez: 404 Not Found: .*doomed.*\n$/);
  });
});

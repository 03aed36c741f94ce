import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ntfyAnswers, startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import type { MessageView } from '../../src/message-view';
import { jsonOf, runRez, tempConfigHome, type RezOptions } from '../helpers/rez';
import { startSandbox, type RunningSandbox } from '../helpers/sandbox';

// One sandbox for the file (the machine is shared); ntfy is a scripted server, so each test can
// see exactly what reached "the phone" and make a delivery fail for good when it needs to.
let sandbox: RunningSandbox;
let ntfy: NtfyServer;
const home = tempConfigHome();

beforeAll(async () => {
  ntfy = await startNtfyServer();
  sandbox = await startSandbox({ NTFY_URL: ntfy.url('cli-e2e') });
});
afterAll(async () => {
  await sandbox?.stop();
  await ntfy?.close();
  home.remove();
});

const rez = (args: readonly string[], options: RezOptions = {}) =>
  runRez(args, { ...options, env: { REZ_API_URL: sandbox.url, REZ_API_TOKEN: sandbox.token, XDG_CONFIG_HOME: home.dir, ...options.env }, timeoutMs: 60_000 });

/** Sends and returns the message the API stored. */
async function send(...args: string[]): Promise<MessageView> {
  return jsonOf<MessageView>(await rez(['send', '--json', ...args]));
}

/** The ntfy request whose body matches, once the processor has made it (waits on each new request). */
async function deliveryOf(body: string | RegExp) {
  const matches = (text: string): boolean => (typeof body === 'string' ? text === body : body.test(text));
  for (let count = 1; ; count += 1) {
    const found = (await ntfy.waitForRequests(count)).find((request) => matches(request.body));
    if (found) return found;
  }
}

describe('rez against the sandbox', () => {
  it('health: the API is up', async () => {
    const result = await rez(['health']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^healthy \(stage dev, \S+\)\n$/);
  });

  it('send: every flag reaches ntfy, and watch exits 0 once it is completed', async () => {
    const message = await send('-t', 'Backups', '-p', 'high', '-T', 'warning,skull', '-T', 'disk', '-U', 'https://example.com/x', '--markdown', 'disk', '**almost**', 'full');

    expect(message).toMatchObject({ status: 'queued', payload: 'disk **almost** full', title: 'Backups', priority: 4, tags: ['warning', 'skull', 'disk'], click: 'https://example.com/x', markdown: true });
    const watched = await rez(['watch', message.id, '--interval', '200ms']);
    expect(watched.code).toBe(0);
    expect(watched.stdout.trimEnd().split('\n').at(-1)).toMatch(/ completed$/);
    const delivery = await deliveryOf('disk **almost** full');
    expect(delivery.headers).toMatchObject({ title: 'Backups', priority: '4', tags: 'warning,skull,disk', click: 'https://example.com/x', markdown: 'yes' });
  });

  it('send -: the payload comes from stdin, without the trailing newline', async () => {
    const message = jsonOf<MessageView>(await rez(['send', '--json', '-'], { stdin: 'line one\nline two\n' }));

    expect(message.payload).toBe('line one\nline two');
  });

  it('send --idempotency-key twice: one message', async () => {
    const first = await send('-k', 'cli-e2e-once', 'only once');
    const again = await send('-k', 'cli-e2e-once', 'only once');

    expect(again.id).toBe(first.id);
  });

  it('send: a bad flag value is the API\'s 400, one line naming the field, and nothing stored', async () => {
    const before = jsonOf<{ total: number }>(await rez(['metrics', '--json'])).total;

    const result = await rez(['send', '-U', 'ftp://example.com', 'x']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rez: 400 Bad Request: .*\(click: [^)]+\)\n$/);
    expect(jsonOf<{ total: number }>(await rez(['metrics', '--json'])).total).toBe(before);
  });

  it('get: shows the message; --json gives the API\'s document', async () => {
    const message = await send('-t', 'get me', 'payload to get');

    const human = await rez(['get', message.id]);
    const json = jsonOf<MessageView>(await rez(['get', message.id, '--json']));

    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^id +${message.id}$`, 'm'));
    expect(human.stdout).toMatch(/^title +get me$/m);
    expect(json).toMatchObject({ id: message.id, title: 'get me', payload: 'payload to get' });
  });

  it('get: lists the delivery attempts under the message; --json adds them as delivery_attempts', async () => {
    const message = await send('attempted once');
    expect((await rez(['watch', message.id, '-i', '200ms'])).code).toBe(0);

    const human = await rez(['get', message.id]);
    const json = jsonOf<MessageView & { delivery_attempts: { attempt: number; outcome: string }[] }>(await rez(['get', message.id, '--json']));

    expect(human.stdout).toMatch(/^# +STARTED +MS +OUTCOME +HTTP +ERROR$/m);
    expect(human.stdout).toMatch(/^1 +\S+Z +\d+ +delivered +200\s*$/m);
    expect(json).toMatchObject({ id: message.id, status: 'completed', delivery_attempts: [{ attempt: 1, outcome: 'delivered' }] });
  });

  it('send --in: stored scheduled for that much later, and get says no attempt yet', async () => {
    const before = Date.now();
    const message = await send('--in', '30m', 'in half an hour');

    expect(message.status).toBe('scheduled');
    const due = Date.parse(message.deliver_at ?? '');
    expect(due).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1_000);
    expect((await rez(['get', message.id])).stdout).toMatch(/^no delivery attempts yet$/m);
  });

  it('send --at: an RFC 3339 time and a Unix timestamp both schedule the message for that instant', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2 * 3_600_000);
    const byTime = await send('--at', at.toISOString().replace('.000Z', '+00:00'), 'at a time');
    const byUnix = await send('--at', String(at.getTime() / 1000), 'at a unix time');

    expect(byTime).toMatchObject({ status: 'scheduled', deliver_at: at.toISOString() });
    expect(byUnix).toMatchObject({ status: 'scheduled', deliver_at: at.toISOString() });
    const human = await rez(['send', '--at', at.toISOString(), 'said for people']);
    expect(human.stdout).toMatch(new RegExp(`^scheduled \\w{26} for ${at.toISOString().replaceAll('.', '\\.')}\n$`));
  });

  it('send --at in the past: the API\'s 400 naming deliver_at', async () => {
    const result = await rez(['send', '--at', '2020-01-01T00:00:00Z', 'too late']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rez: 400 Bad Request: .*deliver_at.*\n$/);
  });

  it('send --at with --in: refused before any request', async () => {
    const result = await rez(['send', '--at', '2030-01-01T00:00:00Z', '--in', '5m', 'both']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: option '--at <time>' cannot be used with option '--in <delay>'");
  });

  it('cancel: a scheduled message becomes cancelled; a second cancel is the 409 as one line', async () => {
    const message = await send('--in', '1h', 'never to be sent');

    const cancelled = await rez(['cancel', message.id]);
    const again = await rez(['cancel', message.id]);

    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/^status +cancelled$/m);
    expect(jsonOf<MessageView>(await rez(['get', message.id, '--json'])).status).toBe('cancelled');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^rez: 409 Conflict: .*cancelled.*\n$/);
  });

  it('a failed delivery: watch exits 1 and shows why; retry sends it again and watch then exits 0', async () => {
    ntfy.respondWith(ntfyAnswers.badRequest(40301, 'forbidden'));
    const message = await send('will fail once');

    const failed = await rez(['watch', message.id, '-i', '200ms']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^status +failed$/m);
    expect(failed.stdout).toMatch(/^error +.+/m);

    const retried = await rez(['retry', message.id]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/^status +queued$/m);
    expect((await rez(['watch', message.id, '-i', '200ms'])).code).toBe(0);
  });

  it('retry of a completed message: the API\'s 409 as one line', async () => {
    const message = await send('done already');
    expect((await rez(['watch', message.id, '-i', '200ms'])).code).toBe(0);

    const result = await rez(['retry', message.id]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rez: 409 Conflict: .*completed.*\n$/);
  });

  it('watch --timeout: gives up with exit 124 while the message is still on its way', async () => {
    const held = Promise.withResolvers<void>();
    ntfy.respondWith(ntfyAnswers.heldUntil(held.promise));
    const message = await send('held at ntfy');

    const result = await rez(['watch', message.id, '-i', '100ms', '--timeout', '1s']);
    held.resolve();

    expect(result.code).toBe(124);
    expect(result.stderr).toMatch(new RegExp(`^rez: message ${message.id} is still (queued|processing) after 1\\.0s\\n$`));
    expect((await rez(['watch', message.id, '-i', '200ms'])).code).toBe(0);
  });

  it('list: filters, one page with a hint for the next, and --all following every cursor', async () => {
    const all = jsonOf<{ messages: MessageView[]; next_cursor: string | null }>(await rez(['list', '--all', '--limit', '2', '--json']));
    const onePage = await rez(['list', '--limit', '1']);
    const failedOnly = jsonOf<{ messages: MessageView[] }>(await rez(['list', '--status', 'completed', '--type', 'manual', '--json']));

    const total = jsonOf<{ total: number }>(await rez(['metrics', '--json'])).total;
    expect(all.messages).toHaveLength(total);
    expect(new Set(all.messages.map((message) => message.id)).size).toBe(total);
    expect(all.next_cursor).toBeNull();
    expect(onePage.stdout.split('\n')[0]).toMatch(/^ID +STATUS +TYPE +PRI +CREATED +TITLE \/ PAYLOAD$/);
    expect(onePage.stdout).toMatch(/^more: rez list --cursor \S+ {3}\(or --all\)$/m);
    expect(failedOnly.messages.length).toBeGreaterThan(0);
    expect(failedOnly.messages.every((message) => message.status === 'completed' && message.message_type === 'manual')).toBe(true);
  });

  it('list --status with a value that does not exist is refused before any request', async () => {
    const result = await rez(['list', '--status', 'done']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: option '-s, --status <status>' argument 'done' is invalid");
  });

  it('run: notifies with the exit status and duration, and exits with the command\'s status', async () => {
    const failing = await rez(['run', '--', process.execPath, '-e', 'process.exit(3)']);
    const passing = await rez(['run', '-t', 'nightly', '--', process.execPath, '-e', 'console.log("work")']);

    expect(failing.code).toBe(3);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/^work\nqueued \w{26}\n$/);
    const failedNote = await deliveryOf(/^Command failed \(exit code 3\) after \d+\.\ds: \S+ -e 'process\.exit\(3\)'$/);
    expect(failedNote.headers).toMatchObject({ priority: '4', tags: 'x' });
    const doneNote = await deliveryOf(/^Command done after \d+\.\ds: \S+ -e 'console\.log\("work"\)'$/);
    expect(doneNote.headers).toMatchObject({ title: 'nightly', priority: '3', tags: 'white_check_mark' });
  });

  it('metrics: counts by status, in a table and as JSON', async () => {
    type Metrics = { total: number; by_status: Record<string, number> };
    // The counts follow the table's stream: wait until the earlier tests' messages have settled in them.
    const settled = async (previous?: string): Promise<Metrics> => {
      const reading = (await rez(['metrics', '--json'])).stdout;
      const { by_status: counts } = JSON.parse(reading) as Metrics;
      const inFlight = (counts.created ?? 0) + (counts.queued ?? 0) + (counts.processing ?? 0);
      if (reading === previous && inFlight === 0) return JSON.parse(reading) as Metrics;
      await new Promise((resolve) => setTimeout(resolve, 250));
      return settled(reading);
    };
    const json = await settled();
    const human = await rez(['metrics']);

    expect(json.total).toBeGreaterThan(0);
    expect(Object.values(json.by_status).reduce((sum, count) => sum + count, 0)).toBe(json.total);
    expect(human.stdout).toMatch(new RegExp(`^total  ${json.total}$`, 'm'));
    expect(human.stdout).toMatch(new RegExp(`^completed +${json.by_status.completed}$`, 'm'));
  });
});

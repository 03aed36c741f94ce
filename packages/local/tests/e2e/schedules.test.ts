import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { occurrenceMessageId } from '@rez-agent/core';
import { startNtfyServer, type NtfyServer } from '@rez-agent/testing';
import { listAll, settled, type StoredMessage } from '../helpers/messages';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process';
import { waitFor } from '../helpers/wait';

interface ScheduleView {
  name: string;
  source: string;
  state: string;
  next_run_at: string | null;
  last_run_at?: string;
  missed_runs: number;
}
type ScheduledMessage = StoredMessage & { created_by: string; created_date: string };

// A faster tick (5 s) than the stack's 60 s: the occurrences are the schedules' own, the tick only finds them sooner.
const TICK_SECONDS = 5;
let ntfy: NtfyServer;
let sandbox: SandboxProcess;

beforeAll(async () => {
  ntfy = await startNtfyServer();
  sandbox = await startSandboxProcess({ env: { NTFY_URL: ntfy.url('rez-schedules') }, args: ['--tick-seconds', String(TICK_SECONDS)] });
});

afterAll(async () => {
  await killAllSandboxes();
  await ntfy?.close();
});

const messagesOf = async (name: string) =>
  ((await listAll(sandbox)) as ScheduledMessage[]).filter((message) => message.created_by === `schedule:${name}`).sort((a, b) => a.created_date.localeCompare(b.created_date));

describe('schedules in the sandbox', () => {
  test('the stack’s schedules are written as data, listed with source stack, and started by the tick', async () => {
    const stack = await waitFor('the tick to start the stack schedule', async () => {
      const { body } = await sandbox.api<{ schedules: ScheduleView[] }>('GET', '/api/schedules');
      return body.schedules.find((schedule) => schedule.source === 'stack' && schedule.next_run_at !== null);
    });
    expect(stack).toMatchObject({ name: 'daily-hello-world', state: 'enabled' });

    const triggered = await sandbox.api<ScheduledMessage>('POST', `/api/schedules/${stack.name}/trigger`);
    expect(triggered.status).toBe(202);
    expect(await settled(sandbox, triggered.body.id)).toMatchObject({ status: 'completed', message_type: 'hello_world' });
  });

  test(
    'a rate(1 minute) schedule created through the API creates exactly one message per minute, each delivered once',
    async () => {
      const payload = `every minute ${Date.now()}`;
      const created = await sandbox.api<ScheduleView>('POST', '/api/schedules', {
        name: 'every-minute',
        expression: 'rate(1 minute)',
        timezone: 'UTC',
        message: { payload },
      });
      expect(created.status).toBe(201);
      const first = Date.parse(created.body.next_run_at ?? '');
      const occurrences = [first, first + 60_000].map((at) => new Date(at).toISOString());

      // Two occurrences, then two ticks more, which must add nothing.
      const messages = await waitFor(
        'two occurrences and two ticks after the second',
        async () => (Date.now() > first + 60_000 + 2 * TICK_SECONDS * 1000 ? messagesOf('every-minute') : undefined),
        150_000,
        1_000,
      );

      // Each occurrence's message has the id derived from it, and GET /api/messages/{id} (settled) reads it.
      expect(messages.map((message) => message.id)).toEqual(occurrences.map((at) => occurrenceMessageId('every-minute', new Date(at))));
      messages.forEach((message, index) => {
        const lateness = Date.parse(message.created_date) - Date.parse(occurrences[index] ?? '');
        expect(lateness).toBeGreaterThanOrEqual(0);
        expect(lateness).toBeLessThan(60_000);
      });
      for (const message of messages) expect(await settled(sandbox, message.id)).toMatchObject({ status: 'completed' });
      expect(ntfy.requests.filter((request) => request.body === payload)).toHaveLength(2);
      const { body: schedule } = await sandbox.api<ScheduleView>('GET', '/api/schedules/every-minute');
      expect(schedule).toMatchObject({ last_run_at: occurrences[1], missed_runs: 0, next_run_at: new Date(first + 120_000).toISOString() });

      expect((await sandbox.api<ScheduleView>('POST', '/api/schedules/every-minute/pause')).body.state).toBe('paused');
    },
    200_000,
  );
});

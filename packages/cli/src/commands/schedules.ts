import { Command } from 'commander';
import { contextOf, type CommandContext } from '../context';
import { UsageError } from '../errors';
import type { MessageView } from '../message-view';
import type { Output } from '../output';
import { addMessageOptions, messageBodyOf, type MessageOptions } from './message-content';

/** A schedule as the API answers it; fields newer than this CLI are shown by `--json` only. */
export interface ScheduleView {
  name: string;
  expression: string;
  timezone: string;
  state: string;
  source: string;
  next_run_at: string | null;
  last_run_at?: string;
  last_message_id?: string;
  missed_runs: number;
  message: { payload: string; title?: string; message_type: string; priority?: number; tags?: string[] };
}

interface SchedulePage {
  schedules: ScheduleView[];
  next_cursor?: string;
}

function printSchedule(out: Output, schedule: ScheduleView): void {
  out.fields([
    ['name', schedule.name],
    ['state', schedule.state === 'enabled' ? out.paint('green', schedule.state) : out.paint('yellow', schedule.state)],
    ['expression', schedule.expression],
    ['timezone', schedule.timezone],
    ['next run', schedule.next_run_at ?? 'none'],
    ['last run', schedule.last_run_at],
    ['last message', schedule.last_message_id],
    ['missed runs', schedule.missed_runs ? String(schedule.missed_runs) : undefined],
    ['source', schedule.source],
    ['type', schedule.message.message_type],
    ['title', schedule.message.title],
    ['payload', schedule.message.payload],
  ]);
}

function parseLimit(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100) throw new UsageError(`--limit must be an integer 1-100; got "${text}"`);
  return Number(text);
}

function listSchedules(): Command {
  return new Command('list')
    .description('list schedules by name')
    .option('-n, --limit <n>', 'schedules per page, 1-100 (default: 50)', parseLimit)
    .option('--cursor <cursor>', 'start after this cursor (the next_cursor of a previous page)')
    .option('-a, --all', 'follow next_cursor until the last page')
    .action(async (options: { limit?: number; cursor?: string; all?: boolean }, command: Command) => {
      const { api, out } = contextOf(command);
      const schedules: ScheduleView[] = [];
      let cursor = options.cursor;
      for (;;) {
        const page = await api.call<SchedulePage>('GET /api/schedules', { query: { limit: options.limit, cursor } });
        schedules.push(...page.schedules);
        cursor = page.next_cursor;
        if (!options.all || cursor === undefined) break;
      }
      if (out.json) {
        out.document({ schedules, ...(cursor === undefined ? {} : { next_cursor: cursor }) });
        return;
      }
      if (schedules.length === 0) out.line(out.paint('dim', 'no schedules'));
      else {
        out.table(
          ['NAME', 'STATE', 'EXPRESSION', 'TIMEZONE', 'NEXT RUN', 'SOURCE'],
          schedules.map((schedule) => [schedule.name, schedule.state, schedule.expression, schedule.timezone, schedule.next_run_at ?? '-', schedule.source]),
        );
      }
      if (cursor !== undefined) out.line(out.paint('dim', `more: rez schedules list --cursor ${cursor}   (or --all)`));
    });
}

/** A command on one schedule by name that shows the schedule the API answers with. */
function scheduleAction(name: string, description: string, run: (context: CommandContext, schedule: string) => Promise<ScheduleView>): Command {
  return new Command(name)
    .description(description)
    .argument('<name>', 'the schedule name')
    .action(async (schedule: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const answer = await run(context, schedule);
      if (context.out.json) context.out.document(answer);
      else printSchedule(context.out, answer);
    });
}

const byName = (schedule: string) => ({ params: { name: schedule } });

function createSchedule(): Command {
  return addMessageOptions(
    new Command('create')
      .description('create a schedule: a message sent on every run of a rate() or cron() expression')
      .argument('<name>', 'the schedule name: 1-64 letters, digits, - and _')
      .argument('<expression>', 'rate(5 minutes), rate(1 day), or cron(0 9 ? * MON-FRI *) as EventBridge Scheduler writes them')
      .argument('<payload...>', 'the message text')
      .option('-z, --timezone <zone>', 'IANA time zone the expression runs in', 'UTC')
      .option('--paused', 'create it paused'),
  )
    .addHelpText('after', '\nExamples:\n  rez schedules create standup "cron(0 9 ? * MON-FRI *)" -z Europe/Berlin -t Standup "Stand-up in 5 minutes"\n  rez schedules create heartbeat "rate(1 hour)" "still alive"')
    .action(async (name: string, expression: string, words: string[], options: MessageOptions & { timezone: string; paused?: boolean }, command: Command) => {
      const { api, out } = contextOf(command);
      const body = { name, expression, timezone: options.timezone, message: { payload: words.join(' '), ...messageBodyOf(options) }, ...(options.paused ? { enabled: false } : {}) };
      const schedule = await api.call<ScheduleView>('POST /api/schedules', { body });
      if (out.json) out.document(schedule);
      else printSchedule(out, schedule);
    });
}

function deleteSchedule(): Command {
  return new Command('delete')
    .description('delete a schedule (the messages it created stay)')
    .argument('<name>', 'the schedule name')
    .action(async (schedule: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      await api.call<undefined>('DELETE /api/schedules/{name}', byName(schedule));
      if (out.json) out.document({ deleted: schedule });
      else out.line(`deleted ${schedule}`);
    });
}

function triggerSchedule(): Command {
  return new Command('trigger')
    .description("fire a schedule now: one message from its message, whatever its state")
    .argument('<name>', 'the schedule name')
    .option('-k, --idempotency-key <key>', 'trigger again with the same key and the schedule fires once')
    .action(async (schedule: string, options: { idempotencyKey?: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey };
      const message = await api.call<MessageView>('POST /api/schedules/{name}/trigger', { ...byName(schedule), headers });
      if (out.json) out.document(message);
      else out.line(`${message.status} ${message.id}`);
    });
}

export function schedulesCommand(): Command {
  return new Command('schedules')
    .description('list, create, pause, resume, trigger and delete schedules')
    .addCommand(listSchedules())
    .addCommand(scheduleAction('get', 'show one schedule', ({ api }, schedule) => api.call('GET /api/schedules/{name}', byName(schedule))))
    .addCommand(createSchedule())
    .addCommand(scheduleAction('pause', 'stop a schedule from running until it is resumed', ({ api }, schedule) => api.call('POST /api/schedules/{name}/pause', byName(schedule))))
    .addCommand(scheduleAction('resume', 'run a paused schedule again, from its next occurrence', ({ api }, schedule) => api.call('POST /api/schedules/{name}/resume', byName(schedule))))
    .addCommand(triggerSchedule())
    .addCommand(deleteSchedule());
}

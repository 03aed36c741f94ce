import { Command, Option } from 'commander';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES } from '@rez-agent/core/api';
import { contextOf } from '../context';
import { UsageError } from '../errors';
import { printMessageTable, type MessageView } from '../message-view';

interface ListOptions {
  status?: string;
  type?: string;
  stage?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

interface MessagePage {
  messages: MessageView[];
  count: number;
  next_cursor: string | null;
}

function parseLimit(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1000) throw new UsageError(`--limit must be an integer 1-1000; got "${text}"`);
  return Number(text);
}

export function listCommand(): Command {
  return new Command('list')
    .description('list messages, newest first')
    .addOption(new Option('-s, --status <status>', 'only messages with this status').choices(MESSAGE_STATUSES))
    .addOption(new Option('--type <type>', 'only messages of this type').choices(MESSAGE_TYPES))
    .addOption(new Option('--stage <stage>', 'only messages of this stage').choices(STAGES))
    .option('-n, --limit <n>', 'messages per page, 1-1000 (default: 100)', parseLimit)
    .option('--cursor <cursor>', 'start after this cursor (the next_cursor of a previous page)')
    .option('-a, --all', 'follow next_cursor until the last page')
    .action(async (options: ListOptions, command: Command) => {
      const { api, out } = contextOf(command);
      const messages: MessageView[] = [];
      let cursor = options.cursor;
      for (;;) {
        const query = { status: options.status, message_type: options.type, stage: options.stage, limit: options.limit, cursor };
        const page = await api.call<MessagePage>('GET /api/messages', { query });
        messages.push(...page.messages);
        cursor = page.next_cursor ?? undefined;
        if (!options.all || cursor === undefined) break;
      }
      if (out.json) {
        out.document({ messages, count: messages.length, next_cursor: cursor ?? null });
        return;
      }
      if (messages.length === 0) out.line(out.paint('dim', 'no messages'));
      else printMessageTable(out, messages);
      if (cursor !== undefined) out.line(out.paint('dim', `more: rez list --cursor ${cursor}   (or --all)`));
    });
}

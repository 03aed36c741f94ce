import { Option, type Command } from 'commander';
import { MESSAGE_TYPES } from '@rez-agent/core/api';
import { UsageError } from '../errors';

/** ntfy's priority names, so `-p high` means what it means with `ntfy publish`. */
const PRIORITY_NAMES: Readonly<Record<string, number>> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };

export interface MessageOptions {
  title?: string;
  priority?: number;
  tags?: string[];
  click?: string;
  markdown?: boolean;
  type?: string;
}

export interface ContentOptions extends MessageOptions {
  at?: string;
  in?: string;
  idempotencyKey?: string;
}

export function parsePriority(text: string): number {
  const value = PRIORITY_NAMES[text.toLowerCase()] ?? (/^[1-5]$/.test(text) ? Number(text) : undefined);
  if (value === undefined) throw new UsageError(`--priority must be 1-5 or one of ${Object.keys(PRIORITY_NAMES).join(', ')}; got "${text}"`);
  return value;
}

/** `-T a,b -T c` → ['a', 'b', 'c']: comma-separated as with ntfy, and repeatable. */
function collectTags(text: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '')];
}

/** An RFC 3339 time goes as it is; a Unix timestamp (seconds, as ntfy takes it) becomes one. */
export function deliverAtOf(text: string): string {
  return /^\d{9,11}$/.test(text) ? new Date(Number(text) * 1000).toISOString() : text;
}

/** The flags that say what a notification shows: `send` and `run`, and a schedule's message. */
export function addMessageOptions(command: Command): Command {
  return command
    .option('-t, --title <title>', 'notification title')
    .option('-p, --priority <priority>', 'priority: 1-5 or min, low, default, high, max/urgent (default: 3)', parsePriority)
    .option('-T, --tags <tags>', 'comma-separated tags or emoji short codes (repeatable)', collectTags)
    .option('-U, --click <url>', 'URL to open when the notification is clicked')
    .option('--markdown', 'render the payload as Markdown')
    .addOption(new Option('--type <type>', 'message type').choices(MESSAGE_TYPES));
}

/** The flags that say what a notification shows and when, shared by `send` and `run`. */
export function addContentOptions(command: Command): Command {
  return addMessageOptions(command)
    .addOption(new Option('--at <time>', 'deliver at an RFC 3339 time (e.g. 2026-12-24T18:00:00+01:00) or a Unix timestamp').conflicts('in'))
    .option('--in <delay>', 'deliver after a delay: 30s, 15m, 2h, 7d or ISO 8601 (PT15M)')
    .option('-k, --idempotency-key <key>', 'send again with the same key and the message is created once');
}

/** What a message shows (without the payload), from the flags of addMessageOptions. */
export function messageBodyOf(options: MessageOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (options.title !== undefined) body.title = options.title;
  if (options.priority !== undefined) body.priority = options.priority;
  if (options.tags !== undefined) body.tags = options.tags;
  if (options.click !== undefined) body.click = options.click;
  if (options.markdown) body.markdown = true;
  if (options.type !== undefined) body.message_type = options.type;
  return body;
}

/** The `POST /api/messages` body (without the payload) and headers for these options. */
export function createRequestOf(options: ContentOptions): { body: Record<string, unknown>; headers: Record<string, string> } {
  const body = messageBodyOf(options);
  if (options.at !== undefined) body.deliver_at = deliverAtOf(options.at);
  if (options.in !== undefined) body.delay = options.in;
  const headers: Record<string, string> = options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey };
  return { body, headers };
}

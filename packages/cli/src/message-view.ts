import type { Message } from '@rez-agent/core/api';
import type { Output } from './output';

/** A delivery attempt as `GET /api/messages/{id}/attempts` lists it. */
export interface DeliveryAttemptView {
  attempt: number;
  started_at: string;
  duration_ms: number;
  outcome: string;
  http_status?: number;
  error?: string;
}

/** A message as the API returns it; fields newer than this CLI are shown by `--json` only. */
export type MessageView = Message & { deliver_at?: string; cancelled_at?: string };

const STATUS_STYLE = { completed: 'green', failed: 'red', cancelled: 'yellow', processing: 'cyan', queued: 'cyan' } as const;

export function paintStatus(out: Output, status: string): string {
  const style = STATUS_STYLE[status as keyof typeof STATUS_STYLE];
  return style ? out.paint(style, status) : status;
}

/** One line of text, cut to `max` characters, so a table row stays one row. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}

export function printMessageTable(out: Output, messages: readonly MessageView[]): void {
  out.table(
    ['ID', 'STATUS', 'TYPE', 'PRI', 'CREATED', 'TITLE / PAYLOAD'],
    messages.map((message) => [
      message.id,
      paintStatus(out, message.status),
      message.message_type,
      String(message.priority),
      message.created_date,
      oneLine(message.title ? `${message.title}: ${message.payload}` : message.payload, 60),
    ]),
  );
}

export function printMessage(out: Output, message: MessageView): void {
  out.fields([
    ['id', message.id],
    ['status', paintStatus(out, message.status)],
    ['type', message.message_type],
    ['stage', message.stage],
    ['title', message.title],
    ['payload', message.payload],
    ['priority', String(message.priority)],
    ['tags', message.tags.join(', ')],
    ['click', message.click],
    ['markdown', message.markdown ? 'yes' : undefined],
    ['created', message.created_date],
    ['deliver at', message.deliver_at],
    ['queued', message.queued_at],
    ['completed', message.completed_at],
    ['failed', message.failed_at],
    ['cancelled', message.cancelled_at],
    ['attempts', String(message.attempts)],
    ['error', message.error_message],
    ['notification', message.notification_id],
  ]);
}

export function printAttempts(out: Output, attempts: readonly DeliveryAttemptView[]): void {
  if (attempts.length === 0) {
    out.line(out.paint('dim', 'no delivery attempts yet'));
    return;
  }
  out.table(
    ['#', 'STARTED', 'MS', 'OUTCOME', 'HTTP', 'ERROR'],
    attempts.map((attempt) => [
      String(attempt.attempt),
      attempt.started_at,
      String(attempt.duration_ms),
      attempt.outcome === 'delivered' ? out.paint('green', attempt.outcome) : out.paint('red', attempt.outcome),
      attempt.http_status === undefined ? '' : String(attempt.http_status),
      oneLine(attempt.error ?? '', 60),
    ]),
  );
}

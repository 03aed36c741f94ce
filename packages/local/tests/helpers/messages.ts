import type { SandboxProcess } from './sandbox-process';
import { waitFor } from './wait';

export interface StoredMessage {
  id: string;
  status: 'scheduled' | 'created' | 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
  deliver_at?: string;
  message_type: string;
  stage: string;
  payload: string;
  attempts: number;
  error_message?: string;
  notification_id?: string;
}

/** Creates a message through the API and returns it (expects 201). */
export async function createMessage(sandbox: SandboxProcess, body: Record<string, unknown>): Promise<StoredMessage> {
  const response = await sandbox.api<StoredMessage>('POST', '/api/messages', body);
  if (response.status !== 201) throw new Error(`POST /api/messages answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Waits until the message is completed or failed, and returns it. */
export function settled(sandbox: SandboxProcess, id: string, timeoutMs = 20_000): Promise<StoredMessage> {
  return waitFor(
    `message ${id} to be completed or failed`,
    async () => {
      const { body: message } = await sandbox.api<StoredMessage>('GET', `/api/messages/${id}`);
      return message.status === 'completed' || message.status === 'failed' ? message : undefined;
    },
    timeoutMs,
  );
}

/** Every stored message, following the cursor. */
export async function listAll(sandbox: SandboxProcess): Promise<StoredMessage[]> {
  const all: StoredMessage[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=1000&cursor=${encodeURIComponent(cursor)}` : '?limit=1000';
    const { status, body: page } = await sandbox.api<{ messages: StoredMessage[]; next_cursor: string | null }>('GET', `/api/messages${query}`);
    if (status !== 200) throw new Error(`GET /api/messages answered ${status}`);
    all.push(...page.messages);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

export interface Metrics {
  total: number;
  by_status: Record<string, number>;
  by_stage: Record<string, number>;
  by_type: Record<string, number>;
}

/** GET /api/metrics. */
export async function metrics(sandbox: SandboxProcess): Promise<Metrics> {
  return (await sandbox.api<Metrics>('GET', '/api/metrics')).body;
}

/** The parts of the sandbox's own endpoints the tests read. */
export interface LocalIndex {
  emulators: Record<string, string>;
}
export interface DlqView {
  records: { body: unknown; receive_count: number }[];
}
export interface Problem {
  status: number;
  title: string;
}

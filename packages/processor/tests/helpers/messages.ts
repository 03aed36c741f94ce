import {
  buildMessage,
  ulidGenerator,
  type Message,
  type MessageRepository,
  type MessageStatus,
  type NewMessage,
} from '@rez-agent/core';

const ids = ulidGenerator();

/** The transitions that bring a new message to each status, as the real flow does. */
const PATHS: Record<MessageStatus, [MessageStatus, MessageStatus][]> = {
  created: [],
  queued: [['created', 'queued']],
  processing: [['created', 'queued'], ['queued', 'processing']],
  completed: [['created', 'queued'], ['queued', 'processing'], ['processing', 'completed']],
  failed: [['created', 'queued'], ['queued', 'processing'], ['processing', 'failed']],
};

export interface StoredMessageSpec extends Partial<NewMessage> {
  status?: MessageStatus;
  /** When every transition happened (so processing_started_at for a message left in processing). */
  at?: Date;
}

/** Saves a message and walks it through the state machine to the status asked for. */
export async function storeMessage(repository: MessageRepository, spec: StoredMessageSpec = {}): Promise<Message> {
  const { status = 'queued', at = new Date(), ...input } = spec;
  const draft = buildMessage(
    { message_type: 'manual', payload: `payload ${ids.next()}`, created_by: 'processor-tests', ...input },
    { stage: 'dev', clock: { now: () => at }, ids },
  );
  let { message } = await repository.save(draft);
  for (const [from, to] of PATHS[status]) {
    const changes = to === 'completed' ? { attempts: 1, notification_id: 'earlier-send' } : to === 'failed' ? { attempts: 1, error_message: 'earlier failure' } : {};
    message = await repository.transition({ id: message.id, from, to, at, changes });
  }
  return message;
}

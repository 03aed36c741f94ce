import { TRANSITIONS, buildMessage, ulidGenerator, type Message, type MessageRepository, type MessageStatus, type NewMessage } from '@rez-agent/core';
import { storeInStatus } from '@rez-agent/testing';

const ids = ulidGenerator();

export interface StoredMessageSpec extends Partial<NewMessage> {
  status?: Exclude<MessageStatus, 'scheduled'>;
  /** When every transition happened (so processing_started_at for a message left in processing). */
  at?: Date;
}

/** A stored message in the status asked for (queued by default), moved there as the real flow does. */
export function storeMessage(repository: MessageRepository, spec: StoredMessageSpec = {}): Promise<Message> {
  const { status = 'queued', at = new Date(), ...input } = spec;
  const draft = buildMessage(
    { message_type: 'manual', payload: `payload ${ids.next()}`, created_by: 'processor-tests', ...input },
    { stage: 'dev', clock: { now: () => at }, ids },
  );
  return storeInStatus(repository, draft, status, { transitions: TRANSITIONS, at });
}

import { TRANSITIONS, buildMessage, ulidGenerator, type Message, type MessageRepository, type MessageStatus } from '@rez-agent/core';
import { storeInStatus } from '@rez-agent/testing';

const ids = ulidGenerator();

/** Stores a message that reached `status` at `at`: saved then, and moved along the state machine then. */
export function storedAt(repository: MessageRepository, at: Date, status: MessageStatus, payload: string): Promise<Message> {
  const draft = buildMessage({ message_type: 'manual', payload, created_by: 'scheduler-tests' }, { stage: 'dev', clock: { now: () => at }, ids });
  return storeInStatus(repository, draft, status, { transitions: TRANSITIONS, at });
}

export const minutesBefore = (now: Date, minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

import { buildMessage, transitionPath, ulidGenerator, type Message, type MessageRepository, type MessageStatus } from '@rez-agent/core';

const ids = ulidGenerator();


/** Stores a message that reached `status` at `at`: saved then, and moved along the state machine then. */
export async function storedAt(repository: MessageRepository, at: Date, status: MessageStatus, payload: string): Promise<Message> {
  const draft = buildMessage({ message_type: 'manual', payload, created_by: 'scheduler-tests' }, { stage: 'dev', clock: { now: () => at }, ids });
  await repository.save(draft);
  let current = draft;
  for (const to of transitionPath('created', status)) current = await repository.transition({ id: draft.id, from: current.status, to, at });
  return current;
}

export const minutesBefore = (now: Date, minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

import type { Clock, IdGenerator } from '../message/clock';
import { buildMessage } from '../message/factory';
import type { Message, NewMessage, Stage } from '../message/message';
import type { MessagePublisher } from '../ports/message-publisher';
import type { MessageRepository } from '../ports/message-repository';
import { publishAndQueue } from './publish-message';

export interface CreateMessageDeps {
  repository: MessageRepository;
  publisher: MessagePublisher;
  clock: Clock;
  ids: IdGenerator;
  stage: Stage;
  ttlDays: number;
}

export interface CreateMessageResult {
  message: Message;
  /** false when the idempotency key matched an earlier message: nothing new was stored. */
  created: boolean;
}

/**
 * Stores a new message, publishes it and marks it queued. A repeat with the same idempotency
 * key returns the first message; if that one never got published (a crash or a publish
 * failure between save and publish), the repeat publishes it, so a retry always finishes the
 * job and never makes a second message.
 */
export async function createMessage(deps: CreateMessageDeps, input: NewMessage): Promise<CreateMessageResult> {
  const draft = buildMessage(input, { stage: deps.stage, clock: deps.clock, ids: deps.ids, ttlDays: deps.ttlDays });
  const { message, created } = await deps.repository.save(draft);
  if (message.status !== 'created') return { message, created };
  return { message: await publishAndQueue(deps, message), created };
}

import { ConflictError } from '../errors';
import type { Clock } from '../message/clock';
import type { Message } from '../message/message';
import type { MessagePublisher } from '../ports/message-publisher';
import type { MessageRepository } from '../ports/message-repository';

export interface PublishDeps {
  repository: MessageRepository;
  publisher: MessagePublisher;
  clock: Clock;
}

/**
 * Publishes a message that is in `created` and moves it to `queued`. Publishing comes first so a
 * failure leaves the message in `created`, where a retry (or the sweep) publishes it again.
 * The processor may receive the record before this transition lands; it then promotes the
 * message itself, and our transition loses harmlessly: the current message is returned.
 */
export async function publishAndQueue(deps: PublishDeps, message: Message): Promise<Message> {
  await deps.publisher.publish(message);
  try {
    return await deps.repository.transition({ id: message.id, from: 'created', to: 'queued', at: deps.clock.now() });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return (await deps.repository.get(message.id)) ?? message;
  }
}

import { ConflictError, NotFoundError } from '../errors';
import type { Clock } from '../message/clock';
import type { Message } from '../message/message';
import { CANCELLABLE_STATUSES } from '../message/state-machine';
import type { MessageRepository } from '../ports/message-repository';

export interface CancelDeps {
  repository: MessageRepository;
  clock: Clock;
}

/** A message that moves this often while being cancelled is being delivered: the delivery wins. */
const ROUNDS = 4;

const notCancellable = (message: Pick<Message, 'id' | 'status'>): ConflictError =>
  new ConflictError(
    `message ${message.id} is ${message.status}; only ${CANCELLABLE_STATUSES.join(', ')} messages can be cancelled`,
    message.status,
  );

/**
 * Cancels a message that no delivery has started: scheduled, created or queued → cancelled,
 * as a conditional write on the status read. A delivery racing it claims with its own
 * conditional write, so exactly one of them wins; a record still in a queue later finds the
 * message cancelled and sends nothing. Throws NotFoundError for an unknown id and
 * ConflictError from any other status (processing, completed, failed, cancelled).
 */
export async function cancelMessage(deps: CancelDeps, id: string): Promise<Message> {
  for (let round = 1; round <= ROUNDS; round += 1) {
    const message = await deps.repository.get(id);
    if (!message) throw new NotFoundError(`message ${id} not found`);
    if (!CANCELLABLE_STATUSES.includes(message.status)) throw notCancellable(message);
    try {
      return await deps.repository.transition({ id, from: message.status, to: 'cancelled', at: deps.clock.now() });
    } catch (error) {
      // Moved meanwhile (created → queued, or claimed): look again and decide anew.
      if (!(error instanceof ConflictError) || error instanceof NotFoundError) throw error;
    }
  }
  throw new ConflictError(`message ${id} kept changing while being cancelled`);
}

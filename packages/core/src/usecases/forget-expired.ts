import { settleEach } from '../concurrency';
import type { Message } from '../message/message';
import type { MessageRepository } from '../ports/message-repository';

export interface ForgetExpiredDeps {
  repository: Pick<MessageRepository, 'forgetExpired'>;
}

/** What became of one expired message: subtracted now, already subtracted earlier, or not (retry). */
export type ExpiryOutcome =
  | { id: string; outcome: 'forgotten' }
  | { id: string; outcome: 'repeat' }
  | { id: string; outcome: 'failed'; error: unknown };

/** A few at a time: a stream batch holds up to 100 deletions (or 10,000 with batching). */
const CONCURRENCY = 8;

/**
 * Keeps the metrics exact after retention: subtracts messages DynamoDB's TTL deleted (their last
 * stored state, from the stream's old images). Order does not matter (the counters only add), and
 * each message is subtracted once however often its record is delivered, so a retried batch is
 * safe. Never throws for one message: each outcome is returned, in the order given, so the caller
 * can report exactly the failed records for another try.
 */
export async function forgetExpiredMessages(deps: ForgetExpiredDeps, messages: readonly Message[]): Promise<ExpiryOutcome[]> {
  const settled = await settleEach(messages, CONCURRENCY, (message) => deps.repository.forgetExpired(message));
  return settled.map((result, index): ExpiryOutcome => {
    const { id } = messages[index] as Message;
    if (result.status === 'rejected') return { id, outcome: 'failed', error: result.reason };
    return { id, outcome: result.value ? 'forgotten' : 'repeat' };
  });
}

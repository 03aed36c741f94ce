import { ConflictError } from '../errors';
import { LogCode } from '../log-messages';
import type { Clock } from '../message/clock';
import type { Message } from '../message/message';
import type { MessageRepository } from '../ports/message-repository';
import { alreadyFinal, retryLater, type ClaimRoute, type DeliveryOutcome } from './delivery-outcome';

export interface ClaimDeps {
  repository: MessageRepository;
  clock: Clock;
  /** A processing lease older than this may be taken over (PROCESSING_LEASE_SECONDS). */
  leaseSeconds: number;
}

/**
 * Either this worker now holds the message in `processing`, or the delivery ends here, or the
 * record came before the message is due (`early`: it must not be sent yet).
 */
export type Claim =
  | { kind: 'claimed'; message: Message; route: ClaimRoute }
  | { kind: 'early'; message: Message; msUntilDue: number }
  | { kind: 'settled'; outcome: DeliveryOutcome };

/**
 * Each lost conditional write re-reads and decides again; a message that moves this often in
 * the time of one claim is being worked on elsewhere, so the record comes back later.
 */
const CLAIM_ROUNDS = 4;

const settled = (outcome: DeliveryOutcome): Claim => ({ kind: 'settled', outcome });

/**
 * Moves a message into `processing` for this worker with conditional writes only, so of any
 * number of concurrent deliveries of one message exactly one holds it:
 * - scheduled and due → processing; scheduled and not yet due → early (never sent before deliver_at);
 * - created → queued first (the record outran the publisher's own transition);
 * - queued → processing;
 * - processing under an expired lease → re-stamped for this worker;
 * - processing under a live lease → retry later; completed, failed or cancelled → nothing to do.
 */
export async function claimForDelivery(deps: ClaimDeps, id: string): Promise<Claim> {
  let promoted = false;
  let message = await deps.repository.get(id);
  for (let round = 1; round <= CLAIM_ROUNDS; round += 1) {
    if (!message) {
      // Kept for inspection rather than dropped: after maxReceiveCount the record lands in the DLQ.
      return settled(retryLater({ code: LogCode.MESSAGE_NOT_FOUND, reason: `message ${id} is not in the table` }));
    }
    try {
      switch (message.status) {
        case 'completed':
        case 'failed':
        case 'cancelled':
          return settled(alreadyFinal(message.status));
        case 'scheduled': {
          const now = deps.clock.now();
          const msUntilDue = Date.parse(message.deliver_at ?? '') - now.getTime();
          if (msUntilDue > 0) return { kind: 'early', message, msUntilDue };
          const claimed = await deps.repository.transition({ id, from: 'scheduled', to: 'processing', at: now });
          return { kind: 'claimed', message: claimed, route: 'scheduled' };
        }
        case 'created':
          message = await deps.repository.transition({ id, from: 'created', to: 'queued', at: deps.clock.now() });
          promoted = true;
          continue;
        case 'queued': {
          const claimed = await deps.repository.transition({ id, from: 'queued', to: 'processing', at: deps.clock.now() });
          return { kind: 'claimed', message: claimed, route: promoted ? 'promoted' : 'queued' };
        }
        case 'processing': {
          const now = deps.clock.now();
          const startedAt = message.processing_started_at;
          const expiresAt = startedAt === undefined ? Number.NaN : Date.parse(startedAt) + deps.leaseSeconds * 1000;
          if (startedAt === undefined || !(now.getTime() >= expiresAt)) {
            return settled(
              retryLater({
                code: LogCode.MESSAGE_LEASE_HELD,
                status: 'processing',
                reason: startedAt
                  ? `another worker holds the lease until ${new Date(expiresAt).toISOString()}`
                  : 'processing without a lease stamp; left for the DLQ',
              }),
            );
          }
          const taken = await deps.repository.takeOverLease({ id, expectedStartedAt: startedAt, at: now });
          return { kind: 'claimed', message: taken, route: 'lease-taken-over' };
        }
      }
    } catch (error) {
      // Another writer got there first (the publisher, another worker): look again and decide anew.
      if (!(error instanceof ConflictError)) throw error;
      message = await deps.repository.get(id);
    }
  }
  return settled(
    retryLater({ code: LogCode.MESSAGE_LEASE_HELD, reason: `message ${id} kept changing while being claimed` }),
  );
}

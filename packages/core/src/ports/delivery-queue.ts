import type { Message } from '../message/message';

/**
 * The processor's queue, written to directly (not through SNS, which cannot delay a message):
 * how a scheduled message arrives on time.
 */
export interface DeliveryQueue {
  /** Sends the message's record so that it becomes visible after `delaySeconds` (0..900, SQS's limit). */
  sendDelayed(message: Message, delaySeconds: number): Promise<void>;
}

import type { Message } from '../message/message';

/** Hands a message to the fan-out (SNS in AWS). */
export interface MessagePublisher {
  publish(message: Message): Promise<{ publishId: string }>;
}

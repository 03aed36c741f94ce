import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { RezError } from '../../errors';
import type { Message } from '../../message/message';
import type { DeliveryQueue } from '../../ports/delivery-queue';

export interface SqsDeliveryQueueOptions {
  client: SQSClient;
  queueUrl: string;
}

/**
 * Sends a message's record straight to the processor's queue with a per-message delay (SNS
 * cannot delay). The body is the message JSON itself, not an SNS envelope: the processor reads both.
 */
export class SqsDeliveryQueue implements DeliveryQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: SqsDeliveryQueueOptions) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  async sendDelayed(message: Message, delaySeconds: number): Promise<void> {
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
      throw new RangeError(`an SQS delay is a whole number of seconds from 0 to 900, got ${delaySeconds}`);
    }
    const output = await this.#client.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }),
    );
    if (!output.MessageId) throw new RezError(`SQS accepted message ${message.id} but returned no MessageId`);
  }
}

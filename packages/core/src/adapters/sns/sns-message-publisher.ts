import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { RezError } from '../../errors';
import type { Message } from '../../message/message';
import type { MessagePublisher } from '../../ports/message-publisher';

export interface SnsMessagePublisherOptions {
  client: SNSClient;
  topicArn: string;
}

/**
 * Publishes each message, as its JSON, to the fan-out topic. `stage` and `message_type` also
 * travel as message attributes so subscriptions can filter without parsing the body.
 */
export class SnsMessagePublisher implements MessagePublisher {
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(options: SnsMessagePublisherOptions) {
    this.#client = options.client;
    this.#topicArn = options.topicArn;
  }

  async publish(message: Message): Promise<{ publishId: string }> {
    const output = await this.#client.send(
      new PublishCommand({
        TopicArn: this.#topicArn,
        Message: JSON.stringify(message),
        MessageAttributes: {
          stage: { DataType: 'String', StringValue: message.stage },
          message_type: { DataType: 'String', StringValue: message.message_type },
        },
      }),
    );
    if (!output.MessageId) throw new RezError(`SNS accepted message ${message.id} but returned no MessageId`);
    return { publishId: output.MessageId };
  }
}

import { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { startMessaging, type Messaging, type MessagingOptions } from '@rez-agent/emulators';

export interface ReceiveAllOptions {
  /** Long-poll this long for the first record, in case delivery is still on its way. */
  waitSeconds?: number;
  /** Delete what was received, as a consumer that succeeded would. */
  delete?: boolean;
}

export interface TestMessaging extends Messaging {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** Every record visible on the queue now (the processor queue unless another is named). */
  receiveAll(queueUrl?: string, options?: ReceiveAllOptions): Promise<Message[]>;
}

/**
 * The SNS/SQS emulator wired like the stack, plus SDK clients pointed at it. The credentials
 * are dummies: the emulator ignores them, the SDK only needs some.
 */
export async function startTestMessaging(options: MessagingOptions = {}): Promise<TestMessaging> {
  const messaging = await startMessaging(options);
  const config = {
    region: messaging.region,
    endpoint: messaging.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);

  async function receiveAll(queueUrl = messaging.queueUrl, receive: ReceiveAllOptions = {}): Promise<Message[]> {
    const received: Message[] = [];
    for (let waitSeconds = receive.waitSeconds ?? 1; ; waitSeconds = 0) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: waitSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return received;
      received.push(...Messages);
      if (receive.delete) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    }
  }

  return {
    ...messaging,
    sns,
    sqs,
    receiveAll,
    async stop() {
      sns.destroy();
      sqs.destroy();
      await messaging.stop();
    },
  };
}

import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Stage } from '@rez-agent/core';
import { policyDocument } from '../iam';
import { visibilityTimeoutFor } from '../config';

export interface MessagingArgs {
  stage: Stage;
  /** The processor's timeout: the queue's visibility timeout is derived from it. */
  processorTimeoutSeconds: number;
  processorBatchingWindowSeconds: number;
  maxReceiveCount: number;
}

const FOURTEEN_DAYS = 14 * 24 * 3600;


/** SNS topic → SQS queue → DLQ, wired as the sandbox's emulator wires them. */
export class Messaging extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly queue: aws.sqs.Queue;
  readonly deadLetterQueue: aws.sqs.Queue;
  /** Where the expiry function's stream mapping sends batches it gave up on (their metadata). */
  readonly expiryFailureQueue: aws.sqs.Queue;

  constructor(name: string, args: MessagingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:messaging:Messaging', name, {}, opts);
    const prefix = `rez-agent-${args.stage}`;

    this.topic = new aws.sns.Topic(
      'messages',
      { name: `${prefix}-messages`, kmsMasterKeyId: 'alias/aws/sns' },
      { parent: this },
    );

    this.deadLetterQueue = new aws.sqs.Queue(
      'messages-dlq',
      { name: `${prefix}-messages-dlq`, messageRetentionSeconds: FOURTEEN_DAYS, sqsManagedSseEnabled: true },
      { parent: this },
    );

    // Kept apart from the messages' DLQ: its records describe stream batches, not messages, and
    // must never be redriven to the processor.
    this.expiryFailureQueue = new aws.sqs.Queue(
      'expiry-failures',
      { name: `${prefix}-expiry-failures`, messageRetentionSeconds: FOURTEEN_DAYS, sqsManagedSseEnabled: true },
      { parent: this },
    );

    // SQS-managed encryption: SNS can deliver to it without a customer key policy.
    this.queue = new aws.sqs.Queue(
      'messages',
      {
        name: `${prefix}-messages`,
        messageRetentionSeconds: FOURTEEN_DAYS,
        visibilityTimeoutSeconds: visibilityTimeoutFor(args.processorTimeoutSeconds, args.processorBatchingWindowSeconds),
        receiveWaitTimeSeconds: 20,
        sqsManagedSseEnabled: true,
        redrivePolicy: pulumi.jsonStringify({
          deadLetterTargetArn: this.deadLetterQueue.arn,
          maxReceiveCount: args.maxReceiveCount,
        }),
      },
      { parent: this },
    );

    new aws.sqs.RedriveAllowPolicy(
      'messages-dlq',
      {
        queueUrl: this.deadLetterQueue.url,
        redriveAllowPolicy: pulumi.jsonStringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queue.arn] }),
      },
      { parent: this },
    );

    new aws.sqs.QueuePolicy(
      'messages',
      {
        queueUrl: this.queue.url,
        policy: policyDocument([
          {
            Sid: 'OnlyThisTopicSends',
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: ['sqs:SendMessage'],
            Resource: [this.queue.arn],
            Condition: { ArnEquals: { 'aws:SourceArn': this.topic.arn } },
          },
        ]),
      },
      { parent: this },
    );

    new aws.sns.TopicSubscription(
      'messages-to-queue',
      { topic: this.topic.arn, protocol: 'sqs', endpoint: this.queue.arn },
      { parent: this },
    );

    this.registerOutputs({ topicArn: this.topic.arn, queueUrl: this.queue.url, deadLetterQueueUrl: this.deadLetterQueue.url });
  }
}

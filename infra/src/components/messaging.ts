import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { stageNames, type Stage } from '@rez-agent/core';
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


/** SNS topic → SQS queue → DLQ, named by core's registry and wired as the sandbox's emulator wires them. */
export class Messaging extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly queue: aws.sqs.Queue;
  readonly deadLetterQueue: aws.sqs.Queue;
  /** Where the stream function's mapping sends batches it gave up on (their metadata). */
  readonly streamFailureQueue: aws.sqs.Queue;

  constructor(name: string, args: MessagingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:messaging:Messaging', name, {}, opts);
    const names = stageNames(args.stage);

    this.topic = new aws.sns.Topic(
      'messages',
      { name: names.topic, kmsMasterKeyId: 'alias/aws/sns' },
      { parent: this },
    );

    this.deadLetterQueue = new aws.sqs.Queue(
      'messages-dlq',
      { name: names.deadLetterQueue, messageRetentionSeconds: FOURTEEN_DAYS, sqsManagedSseEnabled: true },
      { parent: this },
    );

    // Kept apart from the messages' DLQ: its records describe stream batches, not messages, and
    // must never be redriven to the processor.
    this.streamFailureQueue = new aws.sqs.Queue(
      'stream-failures',
      { name: names.streamFailureQueue, messageRetentionSeconds: FOURTEEN_DAYS, sqsManagedSseEnabled: true },
      { parent: this },
    );

    // SQS-managed encryption: SNS can deliver to it without a customer key policy.
    this.queue = new aws.sqs.Queue(
      'messages',
      {
        name: names.queue,
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

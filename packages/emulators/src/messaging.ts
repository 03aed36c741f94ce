import { GetQueueUrlCommand, SQSClient, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { assertPortFree } from './net';

/** The topic's and queues' names; the sandbox passes the stack's, from core's registry. */
export interface MessagingNames {
  topic: string;
  queue: string;
  deadLetterQueue: string;
}

export interface MessagingOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  names?: MessagingNames;
  /** Without `names` (tests): `<prefix>-topic`, `<prefix>-queue`, `<prefix>-dlq`, so parallel suites do not meet. */
  namePrefix?: string;
  region?: string;
  /** The queue's visibility timeout, as on the stack (shorter values are fine locally). */
  visibilityTimeoutSeconds?: number;
  /** Receives before SQS moves a record to the DLQ (the stack's redrive maxReceiveCount). */
  maxReceiveCount?: number;
  /** Persist topics, queues and messages in this folder (SQLite); omitted keeps them in memory. */
  dataDir?: string;
}

export interface Messaging {
  readonly endpoint: string;
  readonly region: string;
  readonly topicArn: string;
  readonly topicName: string;
  readonly queueUrl: string;
  readonly queueName: string;
  readonly dlqUrl: string;
  readonly dlqName: string;
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

/**
 * Starts the SNS/SQS emulator in this process and wires it like the stack:
 * topic → queue (SNS envelope, not raw delivery) → DLQ after `maxReceiveCount` receives.
 */
export async function startMessaging(options: MessagingOptions = {}): Promise<Messaging> {
  const region = options.region ?? 'us-east-1';
  const prefix = options.namePrefix ?? 'emulated';
  const names = options.names ?? { topic: `${prefix}-topic`, queue: `${prefix}-queue`, deadLetterQueue: `${prefix}-dlq` };
  const port = options.port ? await assertPortFree(options.port, 'the SNS/SQS emulator') : 0;
  const server = await startFauxqs({
    port,
    // Only this machine: the emulator takes any credentials (patched in; see pnpm-workspace.yaml).
    listenHost: '127.0.0.1',
    logger: false,
    defaultRegion: region,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });

  const { topic: topicName, queue: queueName, deadLetterQueue: dlqName } = names;
  const queueAttributes = {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
    MessageRetentionPeriod: '1209600',
  };
  const dlq = ensureQueue(server, dlqName, region, { MessageRetentionPeriod: '1209600' });
  const redrive = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: options.maxReceiveCount ?? 3 }) };
  const queue = ensureQueue(server, queueName, region, { ...queueAttributes, ...redrive });
  if (queue.existing || dlq.existing) {
    // Persisted queues keep their messages; today's settings still apply, and their URLs carry
    // today's port.
    const sqs = new SQSClient({ region, endpoint: server.address, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.queueUrl, Attributes: { ...queueAttributes, ...redrive } }));
      queue.queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl ?? queue.queueUrl;
      dlq.queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: dlqName }))).QueueUrl ?? dlq.queueUrl;
    } finally {
      sqs.destroy();
    }
  }
  // CreateTopic and Subscribe are idempotent in fauxqs, as in AWS.
  const topic = server.createTopic(topicName, { region });
  server.subscribe({ topic: topicName, queue: queueName, region });

  return {
    endpoint: server.address,
    region,
    topicArn: topic.topicArn,
    topicName,
    queueUrl: queue.queueUrl,
    queueName,
    dlqUrl: dlq.queueUrl,
    dlqName,
    server,
    stop: () => server.stop(),
  };
}

/**
 * fauxqs' programmatic createQueue replaces a queue of the same name with an empty one, which on
 * a persisted data dir would drop every message loaded from disk: reuse the loaded queue instead.
 */
function ensureQueue(
  server: FauxqsServer,
  name: string,
  region: string,
  attributes: Record<string, string>,
): { queueUrl: string; queueArn: string; existing: boolean } {
  const loaded = server.inspectQueue(name);
  if (loaded) return { queueUrl: loaded.url, queueArn: loaded.arn, existing: true };
  return { ...server.createQueue(name, { region, attributes }), existing: false };
}

import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { assertPortFree } from './net';

export interface MessagingOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Prefix of the topic and queue names, e.g. `rez-agent-dev`. */
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
  const prefix = options.namePrefix ?? 'rez-agent-local';
  const port = options.port ? await assertPortFree(options.port, 'the SNS/SQS emulator') : 0;
  const server = await startFauxqs({
    port,
    logger: false,
    defaultRegion: region,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });

  const topicName = `${prefix}-messages`;
  const queueName = `${prefix}-processor`;
  const dlqName = `${prefix}-processor-dlq`;
  // Idempotent: on a persisted data dir these already exist and are returned as they are.
  const dlq = server.createQueue(dlqName, { region, attributes: { MessageRetentionPeriod: '1209600' } });
  const queue = server.createQueue(queueName, {
    region,
    attributes: {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
      MessageRetentionPeriod: '1209600',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: options.maxReceiveCount ?? 3 }),
    },
  });
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

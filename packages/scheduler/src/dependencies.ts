import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DynamoDbMessageRepository,
  DynamoDbScheduleRepository,
  DUE_RELEASE,
  TICK_SCHEDULE_LIMIT,
  SnsMessagePublisher,
  FUNCTIONS,
  SqsDeliveryQueue,
  createLogger,
  loadFunctionConfig,
  systemClock,
  ulidGenerator,
} from '@rez-agent/core';
import type { SchedulerDeps, SchedulerIo } from './types';

/** The variables the scheduler reads, as the deployment registry lists them. */
export const SCHEDULER_ENV = FUNCTIONS.scheduler.environment;

/**
 * The real adapters, built once per cold start. Only constructors run here: the SDK clients open
 * no connection and the validators were generated at build time, so init stays cheap. Endpoints follow
 * the SDK's AWS_ENDPOINT_URL_* variables, which is how the sandbox points them at emulators.
 */
export function buildDependencies(env: NodeJS.ProcessEnv = process.env, io: SchedulerIo = {}): SchedulerDeps {
  const config = loadFunctionConfig('scheduler', env);
  const dynamodb = io.dynamo ?? DynamoDBDocumentClient.from(new DynamoDBClient({ region: config.AWS_REGION }));
  const sns = io.sns ?? new SNSClient({ region: config.AWS_REGION });
  return {
    repository: new DynamoDbMessageRepository({ client: dynamodb, tableName: config.DYNAMODB_TABLE_NAME }),
    schedules: new DynamoDbScheduleRepository({ client: dynamodb, tableName: config.DYNAMODB_TABLE_NAME }),
    publisher: new SnsMessagePublisher({ client: sns, topicArn: config.SNS_TOPIC_ARN }),
    queue: new SqsDeliveryQueue({ client: io.sqs ?? new SQSClient({ region: config.AWS_REGION }), queueUrl: config.SQS_QUEUE_URL }),
    clock: io.clock ?? systemClock,
    ids: ulidGenerator(),
    stage: config.STAGE,
    ttlDays: config.MESSAGE_TTL_DAYS,
    logger: createLogger({
      functionName: 'scheduler',
      stage: config.STAGE,
      level: config.LOG_LEVEL,
      ...(io.logDestination ? { destination: io.logDestination } : {}),
    }),
    due: { ...DUE_RELEASE, limit: config.SWEEP_LIMIT },
    scheduleLimit: TICK_SCHEDULE_LIMIT,
    sweep: {
      staleAfterMinutes: config.STALE_AFTER_MINUTES,
      leaseSeconds: config.PROCESSING_LEASE_SECONDS,
      limit: config.SWEEP_LIMIT,
      everyMinutes: config.SWEEP_EVERY_MINUTES,
    },
  };
}

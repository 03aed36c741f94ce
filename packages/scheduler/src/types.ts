import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, CreateMessageDeps, Logger, LoggerOptions, MessageStatus, ReleaseDueOptions, SweepOptions } from '@rez-agent/core';

/** Everything the scheduler function needs; real adapters in AWS, emulator-backed ones in tests. */
export interface SchedulerDeps extends CreateMessageDeps {
  logger: Logger;
  sweep: SweepOptions;
  /** The due-message release that runs with every sweep. */
  due: ReleaseDueOptions;
}

/** The outside world the scheduler talks to; tests point it at emulators. */
export interface SchedulerIo {
  dynamo?: DynamoDBDocumentClient;
  sns?: SNSClient;
  /** The processor's queue, for delayed records of due messages. */
  sqs?: SQSClient;
  clock?: Clock;
  logDestination?: LoggerOptions['destination'];
}

/** What a scheduled run did (Scheduler ignores it; logs and tests read it). */
export interface ScheduledRunResult {
  action: 'schedule';
  message_id: string;
  status: MessageStatus;
  /** false when this run was a repeat of one that already stored the message. */
  created: boolean;
}

export interface SweepRunResult {
  action: 'sweep';
  created: number;
  queued: number;
  processing: number;
  failed: number;
  /** Scheduled messages whose delayed record was sent to the queue. */
  released: number;
}

export type SchedulerResult = ScheduledRunResult | SweepRunResult;

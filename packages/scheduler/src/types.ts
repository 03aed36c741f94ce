import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Clock, CreateMessageDeps, Logger, LoggerOptions, MessageStatus, SweepOptions } from '@rez-agent/core';

/** Everything the scheduler function needs; real adapters in AWS, emulator-backed ones in tests. */
export interface SchedulerDeps extends CreateMessageDeps {
  logger: Logger;
  sweep: SweepOptions;
}

/** The outside world the scheduler talks to; tests point it at emulators. */
export interface SchedulerIo {
  dynamo?: DynamoDBDocumentClient;
  sns?: SNSClient;
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
}

export type SchedulerResult = ScheduledRunResult | SweepRunResult;

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock, FireSchedulesDeps, Logger, LoggerOptions, ReleaseDueOptions, SweepOptions } from '@rez-agent/core';

/** Everything the scheduler function needs; real adapters in AWS, emulator-backed ones in tests. */
export interface SchedulerDeps extends FireSchedulesDeps {
  logger: Logger;
  /** The stuck-message sweep, and on which minutes the tick runs it. */
  sweep: SweepOptions & { everyMinutes: number };
  /** The due-message release that runs on every tick. */
  due: ReleaseDueOptions;
  /** Due schedules fired per tick at most. */
  scheduleLimit: number;
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

export interface SweepRunResult {
  created: number;
  queued: number;
  processing: number;
  failed: number;
}

/** What one tick did (Scheduler ignores it; logs and tests read it). */
export interface TickResult {
  action: 'tick';
  /** Scheduled messages whose delayed record was sent to the queue. */
  released: number;
  /** Occurrences whose message this tick stored (a repeat of an earlier tick's is not counted). */
  fired: number;
  /** Stack schedules whose next run the tick computed after a deploy wrote them. */
  started: number;
  /** The sweep's counts, on the minutes it runs. */
  sweep?: SweepRunResult;
  /** Messages or schedules a step could not handle; the next tick tries them again. */
  failed: number;
}

export type SchedulerResult = TickResult;

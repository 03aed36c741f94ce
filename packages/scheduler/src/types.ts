import type { CreateMessageDeps, ForgetExpiredDeps, Logger, MessageStatus, SweepOptions } from '@rez-agent/core';

/** Everything the scheduler function needs; real adapters in AWS, emulator-backed ones in tests. */
export interface SchedulerDeps extends CreateMessageDeps {
  logger: Logger;
  sweep: SweepOptions;
}

/** The expiry function (stream-handler.ts): the repository and a logger, nothing else. */
export interface ExpiryDeps extends ForgetExpiredDeps {
  logger: Logger;
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

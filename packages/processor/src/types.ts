import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, DeliveryQueue, Logger, LoggerOptions, MessageRepository, Notifier, SecretStore } from '@rez-agent/core';

export interface ProcessorSettings {
  /** The queue's redrive maxReceiveCount (MAX_RECEIVE_COUNT). */
  maxReceiveCount: number;
  /** PROCESSING_LEASE_SECONDS. */
  leaseSeconds: number;
  /** Records of one batch delivered at once (PROCESSOR_CONCURRENCY). */
  concurrency: number;
  /** Time kept back from the function timeout to record the outcome after cutting a send short. */
  deadlineMarginMs: number;
}

/** What delivering needs and may only be built once the ntfy token is known. */
export interface DeliverySession {
  notifier: Notifier;
  /** Blanks the ntfy token wherever it would appear in a line. */
  logger: Logger;
}

/** Everything the processor handler uses; built once per cold start (or by a test). */
export interface ProcessorDeps {
  repository: MessageRepository;
  clock: Clock;
  /** The queue itself, for a scheduled message's record that came early (sent back with the delay left). */
  queue: DeliveryQueue;
  settings: ProcessorSettings;
  /** Logs only what happens before the session exists (failing to build it). */
  logger: Logger;
  /** Resolved on first use, then reused: a cold start reads no secret until a batch arrives. */
  session: () => Promise<DeliverySession>;
}

/** The outside world the processor talks to; tests point it at emulators and a local ntfy. */
export interface ProcessorIo {
  dynamo?: DynamoDBDocumentClient;
  /** Where NTFY_TOKEN_PARAMETER is read (SSM in AWS). */
  secrets?: SecretStore;
  fetch?: typeof fetch;
  clock?: Clock;
  /** The processor's own queue (SQS in AWS), written to only for early scheduled records. */
  sqs?: SQSClient;
  logDestination?: LoggerOptions['destination'];
}

import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import type { Logger } from '@rez-agent/core';
import { sqsEventFromMessages, type QueueIdentity } from '@rez-agent/emulators';
import type { LambdaFunction } from './lambda-function';

export interface EventSourceMappingOptions {
  sqs: SQSClient;
  queueUrl: string;
  queue: QueueIdentity;
  target: LambdaFunction;
  logger: Logger;
  /** Lambda's batch size for SQS: at most 10 records per invocation. */
  batchSize?: number;
  /** Concurrent pollers, like the first pollers Lambda runs for a queue. */
  pollers?: number;
  /** Long polling wait; a stop aborts it. */
  waitTimeSeconds?: number;
}

export interface EventSourceMapping {
  /** Stops receiving, waits (at most `graceMs`) for in-flight batches; true if they all finished. */
  stop(graceMs: number): Promise<boolean>;
  /** Batches handed to the function so far. */
  readonly invocations: number;
}

/**
 * Drives the processor the way Lambda's SQS event source mapping with ReportBatchItemFailures
 * does: receive, invoke with a real SQSEvent, delete what the function acknowledged, and leave
 * the rest to reappear after the visibility timeout (and reach the DLQ through the redrive).
 */
export function startEventSourceMapping(options: EventSourceMappingOptions): EventSourceMapping {
  const { sqs, queueUrl, queue, target, logger } = options;
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let invocations = 0;

  async function poll(): Promise<void> {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: options.batchSize ?? 10,
            WaitTimeSeconds: options.waitTimeSeconds ?? 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (stopping.signal.aborted) return;
        logger.error({ error }, 'event source mapping: receive failed; retrying in 1 s');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      if (messages.length === 0) continue;
      // A batch received is always handed over and settled, even when a stop comes meanwhile.
      const batch = handleBatch(messages);
      inFlight.add(batch);
      await batch.finally(() => inFlight.delete(batch));
    }
  }

  async function handleBatch(messages: Message[]): Promise<void> {
    invocations += 1;
    let response: unknown;
    try {
      response = await target.invoke(sqsEventFromMessages(messages, queue));
    } catch (error) {
      logger.error({ error, records: messages.length }, 'event source mapping: the function failed; the whole batch will be retried');
      return;
    }
    const failed = failedIds(response, messages);
    if (failed === 'all') {
      logger.warn({ response }, 'event source mapping: invalid batch response; the whole batch will be retried');
      return;
    }
    const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
    if (done.length === 0) return;
    try {
      const result = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
      for (const failure of result.Failed ?? []) {
        logger.warn({ failure }, 'event source mapping: could not delete an acknowledged record; it will be delivered again');
      }
    } catch (error) {
      logger.error({ error }, 'event source mapping: delete failed; the acknowledged records will be delivered again');
    }
  }

  const pollers = Array.from({ length: options.pollers ?? 3 }, () => poll());

  return {
    get invocations() {
      return invocations;
    },
    async stop(graceMs) {
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...pollers, ...inFlight]).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      return finished;
    },
  };
}

/**
 * The record ids the function reported as failed, or 'all' when Lambda would treat the whole
 * batch as failed: a response naming an id that is empty or not in the batch.
 */
function failedIds(response: unknown, messages: readonly Message[]): Set<string> | 'all' {
  if (response === null || response === undefined || typeof response !== 'object') return new Set();
  const failures = (response as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'all';
  const ids = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !ids.has(id)) return 'all';
    failed.add(id);
  }
  return failed;
}

import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { FunctionName } from '@rez-agent/core';
import type { FunctionsArgs } from './functions';

/**
 * The stream mapping's event filter: changes of message items only (attempts, metrics slots and
 * idempotency keys are not counted), so Lambda is not invoked for the rest.
 */
export const MESSAGE_CHANGE_FILTER = { dynamodb: { Keys: { sk: { S: ['MSG'] } } } } as const;

/**
 * A tumbling window makes Lambda pass the batch's shardId, which the metrics checkpoint is kept
 * by; the window's own state is not used.
 */
export const STREAM_TUMBLING_WINDOW_SECONDS = 1;

/** Tries of a failing stream batch (halved each time) before its metadata goes to the failure queue. */
export const STREAM_MAX_RETRY_ATTEMPTS = 10;

export interface EventSourcesArgs {
  queueArn: pulumi.Input<string>;
  processor: FunctionsArgs['processor'];
  tableStreamArn: pulumi.Input<string>;
  streamFailureQueueArn: pulumi.Input<string>;
}

/** What invokes the functions besides the API and the tick: the processor's queue and the table's stream. */
export function connectEventSources(parent: pulumi.Resource, functions: Record<FunctionName, aws.lambda.Function>, args: EventSourcesArgs): void {
  new aws.lambda.EventSourceMapping(
    'processor-queue',
    {
      eventSourceArn: args.queueArn,
      functionName: functions.processor.arn,
      batchSize: args.processor.batchSize,
      maximumBatchingWindowInSeconds: args.processor.batchingWindowSeconds,
      scalingConfig: { maximumConcurrency: args.processor.maxConcurrency },
      functionResponseTypes: ['ReportBatchItemFailures'],
    },
    { parent },
  );

  new aws.lambda.EventSourceMapping(
    'table-stream',
    {
      eventSourceArn: args.tableStreamArn,
      functionName: functions.stream.arn,
      // The stream keeps 24 hours: start from the oldest record so a new mapping misses none.
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
      maximumBatchingWindowInSeconds: 5,
      filterCriteria: { filters: [{ pattern: JSON.stringify(MESSAGE_CHANGE_FILTER) }] },
      functionResponseTypes: ['ReportBatchItemFailures'],
      tumblingWindowInSeconds: STREAM_TUMBLING_WINDOW_SECONDS,
      // One batch at a time per shard: the checkpoint assumes a shard's batches come in order.
      parallelizationFactor: 1,
      // A failing batch is split to isolate a bad record; repeats are harmless (a per-shard checkpoint).
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: STREAM_MAX_RETRY_ATTEMPTS,
      destinationConfig: { onFailure: { destinationArn: args.streamFailureQueueArn } },
    },
    { parent },
  );
}

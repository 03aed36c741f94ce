import { describe, expect, it } from '@jest/globals';
import { FUNCTION_NAMES, defaultTableName } from '@rez-agent/core';
import { STREAM_MAX_RETRY_ATTEMPTS, STREAM_TUMBLING_WINDOW_SECONDS } from '../../../src/components/event-sources';
import { TYPES, envOf, field, named, ofType } from '../resources';
import type { StackUnderTest } from '../stack-suite';

/** The three functions and the table-stream consumer: code, runtime, settings, wiring. */
export function describeFunctions({ stage, run, prefix, config }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  describe(`${stage} stack: functions`, () => {
    it.each(FUNCTION_NAMES)('%s runs nodejs24.x on arm64 with X-Ray', (fn) => {
      const lambda = named(run(), TYPES.function, `${prefix}-${fn}`);
      expect(lambda).toMatchObject({ runtime: 'nodejs24.x', architectures: ['arm64'], tracingConfig: { mode: 'Active' } });
    });

    it.each(FUNCTION_NAMES)('%s logs to its own log group with the configured retention', (fn) => {
      const lambda = named(run(), TYPES.function, `${prefix}-${fn}`);
      const logGroup = named(run(), TYPES.logGroup, `/aws/lambda/${prefix}-${fn}`);
      expect(lambda.loggingConfig).toMatchObject({ logGroup: `/aws/lambda/${prefix}-${fn}` });
      expect(logGroup.retentionInDays).toBe(config.logRetentionDays);
    });

    it.each(FUNCTION_NAMES)('%s lets Lambda pass on JSON log lines down to the configured level', (fn) => {
      const lambda = named(run(), TYPES.function, `${prefix}-${fn}`);
      // Lambda drops JSON lines below its application log level, INFO when unset.
      expect(lambda.loggingConfig).toMatchObject({ logFormat: 'JSON', applicationLogLevel: config.logLevel.toUpperCase() });
    });

    it.each(FUNCTION_NAMES)('%s gets its settings from config, no secret values and no AWS_REGION', (fn) => {
      const variables = envOf(run(), `${prefix}-${fn}`);
      expect(variables).toMatchObject({ STAGE: stage, DYNAMODB_TABLE_NAME: defaultTableName(stage), LOG_LEVEL: config.logLevel, NODE_OPTIONS: '--enable-source-maps' });
      expect(Object.keys(variables)).not.toEqual(expect.arrayContaining(['AWS_REGION']));
      expect(Object.keys(variables).filter((name) => ['REZ_API_TOKEN', 'NTFY_TOKEN'].includes(name))).toEqual([]);
    });

    it('passes the queue and ntfy settings to the processor', () => {
      const variables = envOf(run(), `${prefix}-processor`);
      expect(variables).toMatchObject({
        NTFY_URL: config.ntfyUrl,
        MAX_RECEIVE_COUNT: String(config.maxReceiveCount),
        PROCESSING_LEASE_SECONDS: String(config.processor.leaseSeconds),
      });
    });

    it('gives the scheduler the sweep settings, with the processor lease it requeues after', () => {
      const variables = envOf(run(), `${prefix}-scheduler`);
      expect(variables).toMatchObject({
        STALE_AFTER_MINUTES: String(config.sweep.staleAfterMinutes),
        SWEEP_LIMIT: String(config.sweep.limit),
        PROCESSING_LEASE_SECONDS: String(config.processor.leaseSeconds),
      });
    });

    it('gives the webapi the API token parameter name, and no CORS setting (CORS is API Gateway’s)', () => {
      const variables = envOf(run(), `${prefix}-webapi`);
      expect(variables).toMatchObject({
        REZ_API_TOKEN_PARAMETER: `/rez-agent/${stage}/api-token`,
        SNS_TOPIC_ARN: `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`,
      });
      expect(variables).not.toHaveProperty('CORS_ALLOWED_ORIGINS');
    });

    it('sizes the processor from config', () => {
      expect(named(run(), TYPES.function, `${prefix}-processor`)).toMatchObject({
        memorySize: config.processor.memoryMb,
        timeout: config.processor.timeoutSeconds,
      });
    });

    it('feeds the processor from the queue with partial batch failures', () => {
      expect(ofType(run(), TYPES.eventSourceMapping).map((resource) => resource.inputs)).toContainEqual(
        expect.objectContaining({
          eventSourceArn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`,
          functionName: `arn:aws:lambda:eu-west-1:123456789012:function:${prefix}-processor`,
          batchSize: config.processor.batchSize,
          maximumBatchingWindowInSeconds: config.processor.batchingWindowSeconds,
          scalingConfig: { maximumConcurrency: config.processor.maxConcurrency },
          functionResponseTypes: ['ReportBatchItemFailures'],
        }),
      );
    });

    it('feeds the stream function every message change from the table stream, one batch per shard at a time, with its shard id', () => {
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      const mappings = ofType(run(), TYPES.eventSourceMapping).map((resource) => resource.inputs);
      expect(mappings).toHaveLength(2);
      const stream = mappings.find((mapping) => String(mapping.functionName).endsWith(`:function:${prefix}-stream`));
      expect(stream).toMatchObject({
        eventSourceArn: `${table}/stream/2026-03-01T00:00:00.000`,
        startingPosition: 'TRIM_HORIZON',
        functionResponseTypes: ['ReportBatchItemFailures'],
        bisectBatchOnFunctionError: true,
        tumblingWindowInSeconds: STREAM_TUMBLING_WINDOW_SECONDS,
        parallelizationFactor: 1,
        maximumRetryAttempts: STREAM_MAX_RETRY_ATTEMPTS,
        destinationConfig: { onFailure: { destinationArn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-stream-failures` } },
      });
      const filters = field<{ pattern: string }[]>(stream ?? {}, 'filterCriteria', 'filters');
      expect(filters.map((filter) => JSON.parse(filter.pattern) as unknown)).toEqual([{ dynamodb: { Keys: { sk: { S: ['MSG'] } } } }]);
    });

    it('keeps the stream failure queue encrypted for 14 days and alarms on its first record', () => {
      expect(named(run(), TYPES.queue, `${prefix}-stream-failures`)).toMatchObject({ sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 86_400 });
      expect(named(run(), TYPES.alarm, `${prefix}-stream-failures`)).toMatchObject({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `${prefix}-stream-failures` },
        threshold: 1,
      });
    });

    it('alarms when the stream function falls hours behind the stream, well before its 24-hour retention', () => {
      expect(named(run(), TYPES.alarm, `${prefix}-stream-iterator-age`)).toMatchObject({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensions: { FunctionName: `${prefix}-stream` },
        statistic: 'Maximum',
        threshold: 6 * 3_600_000,
      });
    });
  });
}

import * as pulumi from '@pulumi/pulumi';
import { SCHEDULER_METRICS } from '@rez-agent/core';
import type { MonitoringArgs } from './monitoring';

/** One row per stage of the flow: the tick → functions → topic/queue/DLQ → table → API, then schedule lateness. */
export function dashboardBody(args: MonitoringArgs): pulumi.Output<string> {
  const { functionNames: fns } = args;
  const widget = (title: string, metrics: unknown[][], x: number, y: number, stat = 'Sum') => ({
    type: 'metric',
    x,
    y,
    width: 8,
    height: 6,
    properties: { title, region: args.region, stat, period: 300, view: 'timeSeries', metrics },
  });
  const lambda = (metric: string) => [
    ['AWS/Lambda', metric, 'FunctionName', fns.scheduler, { label: 'scheduler' }],
    ['...', fns.processor, { label: 'processor' }],
    ['...', fns.webapi, { label: 'webapi' }],
    ['...', fns.stream, { label: 'stream' }],
  ];
  return pulumi.jsonStringify({
    widgets: [
      widget('Ticks', [
        ['AWS/Scheduler', 'InvocationAttemptCount', 'ScheduleGroup', args.tickGroupName, { label: 'invoked' }],
        [SCHEDULER_METRICS.namespace, SCHEDULER_METRICS.ticks, 'Stage', args.stage, { label: 'completed' }],
      ], 0, 0),
      widget('Messages published (SNS)', [['AWS/SNS', 'NumberOfMessagesPublished', 'TopicName', args.topicName]], 8, 0),
      widget('Queue depth', [
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', args.queueName, { label: 'queue' }],
        ['...', args.deadLetterQueueName, { label: 'DLQ' }],
      ], 16, 0, 'Maximum'),
      widget('Function invocations', lambda('Invocations'), 0, 6),
      widget('Function errors', lambda('Errors'), 8, 6),
      widget('Function duration (p95)', lambda('Duration'), 16, 6, 'p95'),
      widget('Oldest queued message (s)', [['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', args.queueName]], 0, 12, 'Maximum'),
      widget('API requests and errors', [
        ['AWS/ApiGateway', 'Count', 'ApiId', args.apiId, { label: 'requests' }],
        ['.', '4xx', '.', '.', { label: '4xx' }],
        ['.', '5xx', '.', '.', { label: '5xx' }],
      ], 8, 12),
      widget('DynamoDB capacity used', [
        ['AWS/DynamoDB', 'ConsumedReadCapacityUnits', 'TableName', args.tableName, { label: 'reads' }],
        ['.', 'ConsumedWriteCapacityUnits', '.', '.', { label: 'writes' }],
      ], 16, 12),
      widget('Schedule lateness (s, max per schedule)', [
        [{ expression: `SEARCH('{${SCHEDULER_METRICS.namespace},Schedule,Stage} MetricName="${SCHEDULER_METRICS.lateness}" Stage="${args.stage}"', 'Maximum', 300)`, id: 'lateness' }],
      ], 0, 18, 'Maximum'),
    ],
  });
}

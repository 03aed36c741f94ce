import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { stageNames, type FunctionName, type Stage } from '@rez-agent/core';

export interface MonitoredSchedule {
  name: string;
  /** The schedule group whose InvocationAttemptCount is watched. */
  groupName: pulumi.Input<string>;
  /** The longest gap between two runs; the alarm waits 1.5 times this. */
  periodSeconds: number;
}

export interface MonitoringArgs {
  stage: Stage;
  region: string;
  alarmEmail?: string;
  functionNames: Record<FunctionName, pulumi.Input<string>>;
  queueName: pulumi.Input<string>;
  deadLetterQueueName: pulumi.Input<string>;
  /** Stream batches the stream function gave up on: the metrics overcount until they are replayed. */
  streamFailureQueueName: pulumi.Input<string>;
  scheduleDeadLetterQueueName: pulumi.Input<string>;
  tableName: pulumi.Input<string>;
  topicName: pulumi.Input<string>;
  apiId: pulumi.Input<string>;
  schedules: MonitoredSchedule[];
  /** A message older than this should have reached the DLQ: it is stuck. */
  oldestMessageAlarmSeconds: number;
}

/** CloudWatch lets one alarm look back at most seven days. */
const MAX_ALARM_WINDOW_SECONDS = 7 * 86_400;

/** The missed-schedule window: 1.5 × the period, in whole minutes as CloudWatch requires. */
export const missedScheduleWindowSeconds = (periodSeconds: number): number => Math.ceil((1.5 * periodSeconds) / 60) * 60;

type Dimensions = Record<string, pulumi.Input<string>>;

/** The alarm topic (e-mail when configured), the alarms of the flow, and its dashboard. */
export class Monitoring extends pulumi.ComponentResource {
  readonly alarmTopic: aws.sns.Topic;
  readonly dashboard: aws.cloudwatch.Dashboard;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:monitoring:Monitoring', name, {}, opts);
    const named = stageNames(args.stage).resource;

    // Not KMS-encrypted: CloudWatch cannot publish with the AWS-managed SNS key, and alarm
    // notifications carry no message content.
    this.alarmTopic = new aws.sns.Topic('alarms', { name: named('alarms') }, { parent: this });
    if (args.alarmEmail) {
      new aws.sns.TopicSubscription(
        'alarms-email',
        { topic: this.alarmTopic.arn, protocol: 'email', endpoint: args.alarmEmail },
        { parent: this },
      );
    }

    const alarm = (
      id: string,
      description: string,
      metric: { namespace: string; metricName: string; dimensions: Dimensions; statistic: string; period: number },
      condition: { comparisonOperator: string; threshold: number; treatMissingData: string },
    ) =>
      new aws.cloudwatch.MetricAlarm(
        id,
        {
          name: named(id),
          alarmDescription: description,
          ...metric,
          ...condition,
          evaluationPeriods: 1,
          alarmActions: [this.alarmTopic.arn],
          okActions: [this.alarmTopic.arn],
        },
        { parent: this },
      );
    const atLeastOne = { comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1, treatMissingData: 'notBreaching' };

    alarm(
      'dlq-messages',
      'Messages reached the dead-letter queue: delivery failed after every retry.',
      { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: args.deadLetterQueueName }, statistic: 'Maximum', period: 60 },
      atLeastOne,
    );
    alarm(
      'schedules-dlq-messages',
      'A scheduled invocation failed after every retry and was dead-lettered.',
      { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: args.scheduleDeadLetterQueueName }, statistic: 'Maximum', period: 60 },
      atLeastOne,
    );
    alarm(
      'stream-failures',
      'The stream function gave up on a batch of TTL deletions: metrics overcount those messages.',
      { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: args.streamFailureQueueName }, statistic: 'Maximum', period: 60 },
      atLeastOne,
    );
    alarm(
      'stream-iterator-age',
      'The stream function is hours behind the table stream: past 24 hours, TTL deletions are lost from the metrics.',
      { namespace: 'AWS/Lambda', metricName: 'IteratorAge', dimensions: { FunctionName: args.functionNames.stream }, statistic: 'Maximum', period: 300 },
      // Milliseconds; six hours leaves most of the stream's 24-hour retention to catch up in.
      { comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 6 * 3_600_000, treatMissingData: 'notBreaching' },
    );
    alarm(
      'queue-oldest-message',
      'A queued message is older than its retries allow: the processor is not keeping up or not running.',
      { namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: args.queueName }, statistic: 'Maximum', period: 300 },
      { comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: args.oldestMessageAlarmSeconds, treatMissingData: 'notBreaching' },
    );
    for (const [fn, functionName] of Object.entries(args.functionNames)) {
      alarm(
        `${fn}-errors`,
        `The ${fn} function failed (unhandled errors or timeouts).`,
        { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: functionName }, statistic: 'Sum', period: 300 },
        atLeastOne,
      );
      alarm(
        `${fn}-throttles`,
        `The ${fn} function was throttled.`,
        { namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: { FunctionName: functionName }, statistic: 'Sum', period: 300 },
        atLeastOne,
      );
    }
    alarm(
      'api-5xx',
      'The HTTP API answered with server errors.',
      { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions: { ApiId: args.apiId }, statistic: 'Sum', period: 300 },
      atLeastOne,
    );
    for (const schedule of args.schedules) {
      const window = missedScheduleWindowSeconds(schedule.periodSeconds);
      if (window > MAX_ALARM_WINDOW_SECONDS) {
        void pulumi.log.warn(`schedule ${schedule.name} runs less than weekly; CloudWatch cannot alarm on a missed run`, this);
        continue;
      }
      alarm(
        `missed-schedule-${schedule.name}`,
        `Schedule ${schedule.name} did not invoke the scheduler within 1.5 times its period (${window / 60} min).`,
        { namespace: 'AWS/Scheduler', metricName: 'InvocationAttemptCount', dimensions: { ScheduleGroup: schedule.groupName }, statistic: 'Sum', period: window },
        { comparisonOperator: 'LessThanThreshold', threshold: 1, treatMissingData: 'breaching' },
      );
    }

    this.dashboard = new aws.cloudwatch.Dashboard(
      'flow',
      { dashboardName: named('flow'), dashboardBody: dashboardBody(args) },
      { parent: this },
    );

    this.registerOutputs({ alarmTopicArn: this.alarmTopic.arn, dashboardName: this.dashboard.dashboardName });
  }
}

/** One row per stage of the flow: schedules → functions → topic/queue/DLQ → table → API. */
function dashboardBody(args: MonitoringArgs): pulumi.Output<string> {
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
      widget('Schedule invocations', args.schedules.map((s) => ['AWS/Scheduler', 'InvocationAttemptCount', 'ScheduleGroup', s.groupName, { label: s.name }]), 0, 0),
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
    ],
  });
}

import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { SCHEDULER_METRICS, stageNames, type FunctionName, type Stage } from '@rez-agent/core';
import { dashboardBody } from './dashboard';

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
  /** The tick's schedule group, whose Scheduler metrics (target errors, drops) are watched. */
  tickGroupName: pulumi.Input<string>;
  /** A message older than this should have reached the DLQ: it is stuck. */
  oldestMessageAlarmSeconds: number;
}

/**
 * The missed-tick alarm: no completed tick (the scheduler's own EMF metric, emitted only when
 * every step of a tick succeeded) in this many consecutive minutes, missing data breaching: a
 * tick that never ran and a tick that failed look the same, and both stop every schedule.
 */
export const MISSED_TICK_MINUTES = 3;

type Dimensions = Record<string, pulumi.Input<string>>;

interface AlarmMetric {
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  statistic: string;
  period: number;
}

interface AlarmCondition {
  comparisonOperator: string;
  threshold: number;
  treatMissingData: string;
  evaluationPeriods?: number;
}

const atLeastOne: AlarmCondition = { comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1, treatMissingData: 'notBreaching' };

/**
 * The alarm topic (e-mail when configured), the alarms of the flow, and its dashboard. Only
 * ALARM transitions are mailed: OK mails would arrive by the dozen on the first deploy, when
 * every alarm leaves INSUFFICIENT_DATA.
 */
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

    const alarm = (id: string, description: string, metric: AlarmMetric, condition: AlarmCondition) => {
      const { evaluationPeriods = 1, ...rest } = condition;
      return new aws.cloudwatch.MetricAlarm(
        id,
        {
          name: named(id),
          alarmDescription: description,
          ...metric,
          ...rest,
          evaluationPeriods,
          datapointsToAlarm: evaluationPeriods,
          alarmActions: [this.alarmTopic.arn],
        },
        { parent: this },
      );
    };
    const queueDepth = (queueName: pulumi.Input<string>): AlarmMetric => ({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
      period: 60,
    });
    const sum = (namespace: string, metricName: string, dimensions: Dimensions, period = 300): AlarmMetric => ({
      namespace,
      metricName,
      dimensions,
      statistic: 'Sum',
      period,
    });

    alarm('dlq-messages', 'Messages reached the dead-letter queue: delivery failed after every retry.', queueDepth(args.deadLetterQueueName), atLeastOne);
    alarm(
      'schedules-dlq-messages',
      'A scheduled tick was lost and parked in the schedules DLQ: EventBridge could not hand it to Lambda after its retries, or the scheduler function failed it after Lambda’s retries. Its record holds the tick’s input.',
      queueDepth(args.scheduleDeadLetterQueueName),
      atLeastOne,
    );
    alarm(
      'stream-failures',
      'The stream function gave up on a batch of TTL deletions: metrics overcount those messages.',
      queueDepth(args.streamFailureQueueName),
      atLeastOne,
    );
    alarm(
      'stream-iterator-age',
      'The stream function is hours behind the table stream: past 24 hours, TTL deletions are lost from the metrics.',
      { namespace: 'AWS/Lambda', metricName: 'IteratorAge', dimensions: { FunctionName: args.functionNames.stream }, statistic: 'Maximum', period: 300 },
      // Milliseconds; six hours leaves most of the stream's 24-hour retention to catch up in.
      { ...atLeastOne, threshold: 6 * 3_600_000 },
    );
    alarm(
      'queue-oldest-message',
      'A queued message is older than its retries allow: the processor is not keeping up or not running.',
      { namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: args.queueName }, statistic: 'Maximum', period: 300 },
      { ...atLeastOne, threshold: args.oldestMessageAlarmSeconds },
    );
    for (const [fn, functionName] of Object.entries(args.functionNames)) {
      alarm(`${fn}-errors`, `The ${fn} function failed (unhandled errors or timeouts).`, sum('AWS/Lambda', 'Errors', { FunctionName: functionName }), atLeastOne);
      alarm(`${fn}-throttles`, `The ${fn} function was throttled.`, sum('AWS/Lambda', 'Throttles', { FunctionName: functionName }), atLeastOne);
    }
    alarm(
      'scheduler-async-dropped',
      'Lambda dropped scheduled ticks it could not run (retries used up or too old); each is also parked in the schedules DLQ.',
      sum('AWS/Lambda', 'AsyncEventsDropped', { FunctionName: args.functionNames.scheduler }),
      atLeastOne,
    );
    alarm('api-5xx', 'The HTTP API answered with server errors.', sum('AWS/ApiGateway', '5xx', { ApiId: args.apiId }), atLeastOne);
    alarm('table-read-throttles', 'DynamoDB throttled reads of the messages table (a hot partition or a burst past on-demand limits).', sum('AWS/DynamoDB', 'ReadThrottleEvents', { TableName: args.tableName }), atLeastOne);
    alarm('table-write-throttles', 'DynamoDB throttled writes to the messages table or one of its indexes: status changes are being retried or failing.', sum('AWS/DynamoDB', 'WriteThrottleEvents', { TableName: args.tableName }), atLeastOne);
    alarm(
      'topic-delivery-failures',
      'SNS could not deliver messages from the topic to the queue: those messages are stored but not queued until the sweep republishes them.',
      sum('AWS/SNS', 'NumberOfNotificationsFailed', { TopicName: args.topicName }),
      atLeastOne,
    );

    const tickGroup = { ScheduleGroup: args.tickGroupName };
    alarm(
      'tick-target-errors',
      'EventBridge Scheduler failed to invoke the scheduler function for a tick (it retries; a tick it gives up on goes to the schedules DLQ).',
      sum('AWS/Scheduler', 'TargetErrorCount', tickGroup),
      atLeastOne,
    );
    alarm('tick-dropped', 'EventBridge Scheduler dropped a tick after its retries.', sum('AWS/Scheduler', 'InvocationDroppedCount', tickGroup), atLeastOne);
    alarm(
      'missed-tick',
      `No tick of the scheduler completed for ${MISSED_TICK_MINUTES} minutes: no schedule fires, no message due later is released and no stuck message is republished until it does. The tick did not run, or a step of it failed (see the scheduler's errors and the schedules DLQ).`,
      sum(SCHEDULER_METRICS.namespace, SCHEDULER_METRICS.ticks, { Stage: args.stage }, 60),
      { comparisonOperator: 'LessThanThreshold', threshold: 1, treatMissingData: 'breaching', evaluationPeriods: MISSED_TICK_MINUTES },
    );

    this.dashboard = new aws.cloudwatch.Dashboard(
      'flow',
      { dashboardName: named('flow'), dashboardBody: dashboardBody(args) },
      { parent: this },
    );

    this.registerOutputs({ alarmTopicArn: this.alarmTopic.arn, dashboardName: this.dashboard.dashboardName });
  }
}

import { describe, expect, it } from '@jest/globals';
import { SCHEDULER_METRICS, defaultTableName } from '@rez-agent/core';
import { MISSED_TICK_MINUTES } from '../../../src/components/monitoring';
import { TYPES, field, named, ofType, type Inputs } from '../resources';
import type { StackUnderTest } from '../stack-suite';

/** Alarms, the dashboard and the stack outputs. */
export function describeMonitoring({ stage, run, prefix }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  describe(`${stage} stack: monitoring`, () => {
    const alarm = (id: string) => named(run(), TYPES.alarm, `${prefix}-${id}`);

    it.each([
      ['dlq-messages', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'messages-dlq'],
      ['schedules-dlq-messages', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'schedules-dlq'],
    ])('%s fires on the first dead letter', (id, metricName, dimension, queue) => {
      expect(alarm(id)).toMatchObject({
        namespace: 'AWS/SQS',
        metricName,
        dimensions: { [dimension]: `${prefix}-${queue}` },
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
      });
    });

    it.each([
      ['processor-errors', 'Errors'],
      ['scheduler-errors', 'Errors'],
      ['webapi-errors', 'Errors'],
      ['processor-throttles', 'Throttles'],
      ['scheduler-throttles', 'Throttles'],
      ['webapi-throttles', 'Throttles'],
      ['stream-errors', 'Errors'],
      ['stream-throttles', 'Throttles'],
    ])('%s watches AWS/Lambda %s', (id, metricName) => {
      expect(alarm(id)).toMatchObject({ namespace: 'AWS/Lambda', metricName, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold' });
    });

    it('alarms on the oldest queued message and on API 5xx', () => {
      expect(alarm('queue-oldest-message')).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage' });
      expect(alarm('api-5xx')).toMatchObject({ namespace: 'AWS/ApiGateway', metricName: '5xx', threshold: 1 });
    });

    it.each([
      ['scheduler-async-dropped', 'AWS/Lambda', 'AsyncEventsDropped', { FunctionName: `${prefix}-scheduler` }],
      ['table-read-throttles', 'AWS/DynamoDB', 'ReadThrottleEvents', { TableName: defaultTableName(stage) }],
      ['table-write-throttles', 'AWS/DynamoDB', 'WriteThrottleEvents', { TableName: defaultTableName(stage) }],
      ['topic-delivery-failures', 'AWS/SNS', 'NumberOfNotificationsFailed', { TopicName: `${prefix}-messages` }],
    ])('%s fires on the first %s %s', (id, namespace, metricName, dimensions) => {
      expect(alarm(id)).toMatchObject({ namespace, metricName, dimensions, statistic: 'Sum', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1 });
    });

    it('alarms on the tick’s target errors and dropped ticks', () => {
      for (const [id, metricName] of [
        ['tick-target-errors', 'TargetErrorCount'],
        ['tick-dropped', 'InvocationDroppedCount'],
      ] as const) {
        expect(alarm(id)).toMatchObject({ namespace: 'AWS/Scheduler', metricName, dimensions: { ScheduleGroup: `${prefix}-tick` }, threshold: 1 });
      }
    });

    it('says where a lost tick goes: the schedules DLQ holds hand-off and function failures', () => {
      expect(alarm('schedules-dlq-messages').alarmDescription).toMatch(/hand it to Lambda.*scheduler function failed it/);
    });

    it('alarms when no tick completed for 3 minutes, missing data breaching (a tick that never ran counts)', () => {
      expect(alarm('missed-tick')).toMatchObject({
        namespace: SCHEDULER_METRICS.namespace,
        metricName: SCHEDULER_METRICS.ticks,
        dimensions: { Stage: stage },
        statistic: 'Sum',
        period: 60,
        evaluationPeriods: MISSED_TICK_MINUTES,
        datapointsToAlarm: MISSED_TICK_MINUTES,
        comparisonOperator: 'LessThanThreshold',
        threshold: 1,
        treatMissingData: 'breaching',
      });
      expect(MISSED_TICK_MINUTES).toBe(3);
    });

    it('has no per-schedule alarm any more: every schedule is fired by the one tick', () => {
      const names = ofType(run(), TYPES.alarm).map((resource) => String(resource.inputs.name));
      expect(names.filter((name) => name.includes('missed-schedule') || name.includes('schedule-target-errors'))).toEqual([]);
    });

    it('sends every alarm to the alarm topic, and no OK mails', () => {
      const topicArn = `arn:aws:sns:eu-west-1:123456789012:${prefix}-alarms`;
      for (const resource of ofType(run(), TYPES.alarm)) {
        expect(resource.inputs.alarmActions).toEqual([topicArn]);
        expect(resource.inputs.okActions).toBeUndefined();
      }
    });

    it('mails no INSUFFICIENT_DATA transition', () => {
      expect(ofType(run(), TYPES.alarm).filter((resource) => resource.inputs.insufficientDataActions !== undefined)).toEqual([]);
    });

    it('draws a dashboard of the flow', () => {
      const body = JSON.parse(String(named(run(), TYPES.dashboard, 'flow').dashboardBody)) as { widgets: Inputs[] };
      expect(body.widgets.map((widget) => field<string>(widget, 'properties', 'title'))).toEqual(
        expect.arrayContaining(['Ticks', 'Queue depth', 'Function errors', 'API requests and errors', 'Schedule lateness (s, max per schedule)']),
      );
    });
  });

  describe(`${stage} stack: outputs`, () => {
    it('exports the API URL, table, topic, queues, dashboard and token parameter', () => {
      expect(run().outputs).toEqual({
        apiUrl: 'https://api-id.execute-api.eu-west-1.amazonaws.com/',
        tableName: defaultTableName(stage),
        topicArn: `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`,
        queueUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${prefix}-messages`,
        dlqUrl: `https://sqs.eu-west-1.amazonaws.com/123456789012/${prefix}-messages-dlq`,
        dashboardName: `${prefix}-flow`,
        apiTokenParameterName: `/rez-agent/${stage}/api-token`,
        // Their values are checked with the sign-in resources.
        ...Object.fromEntries(['consoleUrl', 'oidcIssuer', 'oidcClientId', 'signInDomainUrl', 'userPoolId'].map((name) => [name, expect.any(String)])),
      });
    });
  });
}

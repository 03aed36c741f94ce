import { describe, expect, it } from '@jest/globals';
import { SWEEP_SCHEDULE_NAME, defaultTableName, schedulePeriodSeconds } from '@rez-agent/core';
import { missedScheduleEvaluation, missedScheduleWindowSeconds } from '../../../src/components/monitoring';
import { TYPES, field, named, ofType, type Inputs } from '../resources';
import type { StackUnderTest } from '../stack-suite';

/** Alarms, the dashboard and the stack outputs. */
export function describeMonitoring({ stage, run, prefix, config }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
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

    it('alarms on every schedule group’s target errors and dropped ticks', () => {
      for (const name of [...config.schedules.map((definition) => definition.name), SWEEP_SCHEDULE_NAME]) {
        for (const [id, metricName] of [
          [`schedule-target-errors-${name}`, 'TargetErrorCount'],
          [`schedule-dropped-${name}`, 'InvocationDroppedCount'],
        ] as const) {
          expect(alarm(id)).toMatchObject({ namespace: 'AWS/Scheduler', metricName, dimensions: { ScheduleGroup: `${prefix}-${name}` }, threshold: 1 });
        }
      }
    });

    it('says where a lost tick goes: the schedules DLQ holds hand-off and function failures', () => {
      expect(alarm('schedules-dlq-messages').alarmDescription).toMatch(/hand it to Lambda.*scheduler function failed it/);
    });

    it('mails a missed schedule as INSUFFICIENT_DATA over a window of at least 1.5 × its period, so a new stack mails nothing', () => {
      for (const definition of config.schedules) {
        const periodSeconds = schedulePeriodSeconds(definition);
        const missed = alarm(`missed-schedule-${definition.name}`);
        expect(missed).toMatchObject({
          namespace: 'AWS/Scheduler',
          metricName: 'InvocationAttemptCount',
          dimensions: { ScheduleGroup: `${prefix}-${definition.name}` },
          ...missedScheduleEvaluation(periodSeconds),
          treatMissingData: 'missing',
          insufficientDataActions: [`arn:aws:sns:eu-west-1:123456789012:${prefix}-alarms`],
        });
        expect((missed.period as number) * (missed.evaluationPeriods as number)).toBeGreaterThanOrEqual(missedScheduleWindowSeconds(periodSeconds));
      }
    });

    it('needs three empty slices in a row before the sweep counts as missed (Scheduler metrics are best effort)', () => {
      const sweep = alarm(`missed-schedule-${SWEEP_SCHEDULE_NAME}`);
      expect(sweep.evaluationPeriods).toBeGreaterThanOrEqual(3);
      expect(sweep.datapointsToAlarm).toBe(sweep.evaluationPeriods);
      expect(sweep.treatMissingData).toBe('missing');
    });

    it('sends every alarm to the alarm topic, and no OK mails', () => {
      const topicArn = `arn:aws:sns:eu-west-1:123456789012:${prefix}-alarms`;
      for (const resource of ofType(run(), TYPES.alarm)) {
        expect(resource.inputs.alarmActions).toEqual([topicArn]);
        expect(resource.inputs.okActions).toBeUndefined();
      }
    });

    it('mails INSUFFICIENT_DATA only for missed schedules, where it means "no run"', () => {
      const withInsufficientMail = ofType(run(), TYPES.alarm).filter((resource) => resource.inputs.insufficientDataActions !== undefined);
      expect(withInsufficientMail.map((resource) => resource.inputs.metricName)).toEqual(withInsufficientMail.map(() => 'InvocationAttemptCount'));
      expect(withInsufficientMail).toHaveLength(config.schedules.length + 1);
    });

    it('draws a dashboard of the flow', () => {
      const body = JSON.parse(String(named(run(), TYPES.dashboard, 'flow').dashboardBody)) as { widgets: Inputs[] };
      expect(body.widgets.map((widget) => field<string>(widget, 'properties', 'title'))).toEqual(
        expect.arrayContaining(['Schedule invocations', 'Queue depth', 'Function errors', 'API requests and errors']),
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

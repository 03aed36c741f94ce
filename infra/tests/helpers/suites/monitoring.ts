import { describe, expect, it } from '@jest/globals';
import { defaultTableName, schedulePeriodSeconds } from '@rez-agent/core';
import { missedScheduleWindowSeconds } from '../../../src/components/monitoring';
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

    it('alarms when a schedule misses 1.5 × its period, counting missing data as breaching', () => {
      for (const definition of config.schedules) {
        expect(alarm(`missed-schedule-${definition.name}`)).toMatchObject({
          namespace: 'AWS/Scheduler',
          metricName: 'InvocationAttemptCount',
          dimensions: { ScheduleGroup: `${prefix}-${definition.name}` },
          period: missedScheduleWindowSeconds(schedulePeriodSeconds(definition)),
          comparisonOperator: 'LessThanThreshold',
          threshold: 1,
          treatMissingData: 'breaching',
        });
      }
    });

    it('sends every alarm to the alarm topic', () => {
      const topicArn = `arn:aws:sns:eu-west-1:123456789012:${prefix}-alarms`;
      for (const resource of ofType(run(), TYPES.alarm)) expect(resource.inputs.alarmActions).toEqual([topicArn]);
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
      });
    });
  });
}

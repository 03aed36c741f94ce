import { describe, expect, it } from '@jest/globals';
import { TICK_EXPRESSION, TICK_TARGET_INPUT, checkScheduleTiming, corsDefinition, defaultTableName, parseSchedules, stackScheduleTableItem } from '@rez-agent/core';
import { API_ROUTES } from '../../../src/components/api';
import { SCHEDULER_ASYNC_RETRY, SCHEDULE_RETRY } from '../../../src/components/schedules';
import { TYPES, named, ofType, rolePolicyStatements } from '../resources';
import { secretValue } from '../run-program';
import { stackConfigValues } from '../stack-config';
import type { StackUnderTest } from '../stack-suite';

/** What starts work: schedules, the HTTP API, and the secrets they read. */
export function describeEntryPoints({ stage, run, prefix, config }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  describe(`${stage} stack: schedules`, () => {
    const schedules = () => ofType(run(), TYPES.schedule).map((resource) => resource.inputs);

    it('creates one EventBridge schedule: the per-minute tick of the scheduler, with retries and a DLQ', () => {
      expect(schedules()).toEqual([
        expect.objectContaining({
          name: `${prefix}-tick`,
          groupName: `${prefix}-tick`,
          scheduleExpression: TICK_EXPRESSION,
          scheduleExpressionTimezone: 'UTC',
          flexibleTimeWindow: { mode: 'OFF' },
          state: 'ENABLED',
          target: expect.objectContaining({
            arn: `arn:aws:lambda:eu-west-1:123456789012:function:${prefix}-scheduler`,
            input: JSON.stringify(TICK_TARGET_INPUT),
            retryPolicy: SCHEDULE_RETRY,
            deadLetterConfig: { arn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-schedules-dlq` },
          }) as unknown,
        }),
      ]);
      // At second 0 of each minute (a rate() keeps the second it was created at)...
      expect(TICK_EXPRESSION).toBe('cron(* * * * ? *)');
      expect(() => checkScheduleTiming(TICK_EXPRESSION, 'UTC')).not.toThrow();
      // ...and the scheduled minute goes to the function, which fires as of it, not its own clock.
      const [tick] = schedules();
      const target = tick?.target as { input?: string } | undefined;
      expect(JSON.parse(target?.input ?? '{}')).toMatchObject({ action: 'tick', scheduled_time: '<aws.scheduler.scheduled-time>' });
    });

    it('writes each configured schedule to the table as a stack schedule item, which the tick fires', () => {
      const configured = parseSchedules(JSON.parse(stackConfigValues(stage)['rez-agent:schedules'] ?? '[]'));
      expect(configured.length).toBeGreaterThan(0);
      const items = ofType(run(), TYPES.tableItem).map((resource) => resource.inputs);
      expect(items).toHaveLength(configured.length);
      for (const definition of configured) {
        const written = items.find((inputs) => inputs.item === stackScheduleTableItem(definition));
        expect(written).toMatchObject({ tableName: defaultTableName(stage), hashKey: 'pk', rangeKey: 'sk' });
        const item = JSON.parse(String(written?.item)) as Record<string, { S?: string }>;
        expect(item).toMatchObject({ pk: { S: 'SCHEDULE' }, sk: { S: definition.name }, source: { S: 'stack' }, expression: { S: definition.expression } });
        // The definition only: the tick's run-time fields (next run, last run, paused) survive a deploy.
        expect(Object.keys(item).filter((key) => ['state', 'next_run_at', 'last_run_at', 'last_message_id', 'missed_runs'].includes(key))).toEqual([]);
      }
    });

    it('parks a tick the scheduler function failed after Lambda’s retries in the schedules DLQ, instead of dropping it', () => {
      expect(ofType(run(), TYPES.invokeConfig).map((resource) => resource.inputs)).toEqual([
        {
          functionName: `${prefix}-scheduler`,
          maximumRetryAttempts: SCHEDULER_ASYNC_RETRY.maximumRetryAttempts,
          maximumEventAgeInSeconds: SCHEDULER_ASYNC_RETRY.maximumEventAgeInSeconds,
          destinationConfig: { onFailure: { destination: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-schedules-dlq` } },
        },
      ]);
      expect(SCHEDULER_ASYNC_RETRY.maximumRetryAttempts).toBeGreaterThan(0);
    });

    it('lets EventBridge Scheduler invoke only the scheduler and write only to its DLQ', () => {
      expect(rolePolicyStatements(run(), `${prefix}-scheduler-invoke`)).toEqual([
        expect.objectContaining({ Action: ['lambda:InvokeFunction'], Resource: [`arn:aws:lambda:eu-west-1:123456789012:function:${prefix}-scheduler`] }),
        expect.objectContaining({ Action: ['sqs:SendMessage'], Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-schedules-dlq`] }),
      ]);
    });
  });

  describe(`${stage} stack: API`, () => {
    it('routes every webapi route (and $default) to the webapi via payload 2.0', () => {
      expect(ofType(run(), TYPES.route).map((route) => route.inputs.routeKey)).toEqual([...API_ROUTES]);
      expect(ofType(run(), TYPES.integration).map((resource) => resource.inputs)).toEqual([
        expect.objectContaining({ integrationType: 'AWS_PROXY', payloadFormatVersion: '2.0' }),
      ]);
      expect(ofType(run(), TYPES.permission).map((resource) => resource.inputs)).toEqual([
        expect.objectContaining({ principal: 'apigateway.amazonaws.com', function: `${prefix}-webapi` }),
      ]);
    });

    it('gives the console its own public routes on the same origin', () => {
      const keys = ofType(run(), TYPES.route).map((route) => route.inputs.routeKey);
      expect(keys).toEqual(expect.arrayContaining(['GET /console', 'GET /console/{asset}', 'GET /api/auth/me']));
    });

    it('throttles the stage and writes access logs', () => {
      const [stageResource] = ofType(run(), TYPES.stage);
      expect(stageResource?.inputs).toMatchObject({
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: { throttlingBurstLimit: config.api.throttleBurst, throttlingRateLimit: config.api.throttleRate },
        accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/${prefix}-api` },
      });
    });

    it('applies core’s CORS definition for the configured origins, never with credentials', () => {
      const api = named(run(), TYPES.api, `${prefix}-api`);
      const cors = corsDefinition(config.corsOrigins);
      expect(api.protocolType).toBe('HTTP');
      expect(api.corsConfiguration).toEqual({
        allowOrigins: config.corsOrigins,
        allowMethods: [...cors.allowMethods],
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        maxAge: cors.maxAgeSeconds,
        allowCredentials: false,
      });
      expect(cors.exposeHeaders).toEqual(expect.arrayContaining(['Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id', 'X-Correlation-Id']));
    });
  });

  describe(`${stage} stack: secrets`, () => {
    it('stores the API token as an SSM SecureString from a Pulumi secret', () => {
      const parameter = named(run(), TYPES.parameter, `/rez-agent/${stage}/api-token`);
      expect(parameter.type).toBe('SecureString');
      expect(parameter.value).toEqual(secretValue(expect.any(String)));
    });
  });
}

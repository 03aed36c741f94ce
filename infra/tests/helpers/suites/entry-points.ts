import { describe, expect, it } from '@jest/globals';
import { corsDefinition, parseSchedules, scheduleTargetInput, SWEEP_TARGET_INPUT } from '@rez-agent/core';
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

    it('creates one schedule per configured definition, in its time zone, with retries and a DLQ', () => {
      const configured = parseSchedules(JSON.parse(stackConfigValues(stage)['rez-agent:schedules'] ?? '[]'));
      expect(configured.length).toBeGreaterThan(0);
      for (const definition of configured) {
        expect(schedules()).toContainEqual(
          expect.objectContaining({
            name: `${prefix}-${definition.name}`,
            groupName: `${prefix}-${definition.name}`,
            scheduleExpression: definition.expression,
            scheduleExpressionTimezone: definition.timezone,
            flexibleTimeWindow: { mode: 'OFF' },
            target: expect.objectContaining({
              arn: `arn:aws:lambda:eu-west-1:123456789012:function:${prefix}-scheduler`,
              input: JSON.stringify(scheduleTargetInput(definition)),
              retryPolicy: SCHEDULE_RETRY,
              deadLetterConfig: { arn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-schedules-dlq` },
            }),
          }),
        );
      }
    });

    it('runs the stuck-message sweep on its own schedule', () => {
      expect(schedules()).toContainEqual(
        expect.objectContaining({
          name: `${prefix}-sweep`,
          scheduleExpression: config.sweep.expression,
          target: expect.objectContaining({ input: JSON.stringify(SWEEP_TARGET_INPUT) }) as unknown,
        }),
      );
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

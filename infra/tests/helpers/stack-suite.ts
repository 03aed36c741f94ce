import { beforeAll, describe, expect, it } from '@jest/globals';
import { TABLE, defaultTableName, parseSchedules, scheduleTargetInput, schedulePeriodSeconds, SWEEP_TARGET_INPUT } from '@rez-agent/core';
import { API_ROUTES } from '../../src/components/api';
import { EXPIRY_MAX_RETRY_ATTEMPTS, FUNCTION_BUNDLES, FUNCTION_NAMES } from '../../src/components/functions';
import { SCHEDULE_RETRY } from '../../src/components/schedules';
import { missedScheduleWindowSeconds } from '../../src/components/monitoring';
import { XRAY_SID } from '../../src/iam';
import { parseStackConfig, type StackConfig } from '../../src/config';
import { TYPES, actionsOf, envOf, field, named, ofType, policiesOf, resourcesOf, rolePolicyStatements, type Inputs } from './resources';
import { runProgram, secretValue, type ProgramRun, type RunOptions } from './run-program';
import { stackConfigValues } from './stack-config';

export interface StackUnderTest {
  run: () => ProgramRun;
  config: StackConfig;
  prefix: string;
}

/**
 * Runs the program once for `stage` (its real Pulumi.<stage>.yaml) and declares the checks every
 * stage must pass. Returns accessors for the stage's own test file to add its specific checks.
 */
export function describeStack(stage: 'dev' | 'prod', options: RunOptions = {}): StackUnderTest {
  let result: ProgramRun | undefined;
  const run = () => {
    if (!result) throw new Error('the program has not run');
    return result;
  };
  const config = parseStackConfig({ stack: stage, values: { ...stackConfigValues(stage), ...options.overrides, ...options.secrets } });
  const prefix = `rez-agent-${stage}`;

  beforeAll(async () => {
    result = await runProgram(stage, options);
  });

  describe(`${stage} stack: data`, () => {
    it('builds the table from core’s definition, on demand, with TTL, PITR and encryption', () => {
      const table = named(run(), TYPES.table, defaultTableName(stage));
      expect(table).toMatchObject({
        billingMode: 'PAY_PER_REQUEST',
        hashKey: TABLE.partitionKey,
        rangeKey: TABLE.sortKey,
        ttl: { attributeName: TABLE.ttlAttribute, enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      });
      expect(field<Inputs[]>(table, 'attributes').map((attribute) => attribute.name)).toEqual([...TABLE.attributes]);
      expect(table.globalSecondaryIndexes).toEqual(
        TABLE.globalSecondaryIndexes.map((index) => ({ name: index.name, hashKey: index.partitionKey, rangeKey: index.sortKey, projectionType: 'ALL' })),
      );
    });

    it('streams the old image of every change, for the expiry function', () => {
      expect(named(run(), TYPES.table, defaultTableName(stage))).toMatchObject({ streamEnabled: true, streamViewType: 'OLD_IMAGE' });
    });

    it(`sets deletion protection ${stage === 'prod' ? 'on' : 'off'}`, () => {
      expect(named(run(), TYPES.table, defaultTableName(stage)).deletionProtectionEnabled).toBe(stage === 'prod');
    });
  });

  describe(`${stage} stack: messaging`, () => {
    const queue = () => named(run(), TYPES.queue, `${prefix}-messages`);
    const dlq = () => named(run(), TYPES.queue, `${prefix}-messages-dlq`);

    it('encrypts the topic and both queues', () => {
      expect(named(run(), TYPES.topic, `${prefix}-messages`).kmsMasterKeyId).toBe('alias/aws/sns');
      expect(queue().sqsManagedSseEnabled).toBe(true);
      expect(dlq().sqsManagedSseEnabled).toBe(true);
    });

    it('keeps messages 14 days and redrives to the DLQ after maxReceiveCount', () => {
      expect(queue().messageRetentionSeconds).toBe(14 * 86_400);
      expect(dlq().messageRetentionSeconds).toBe(14 * 86_400);
      expect(JSON.parse(String(queue().redrivePolicy))).toEqual({
        deadLetterTargetArn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages-dlq`,
        maxReceiveCount: config.maxReceiveCount,
      });
    });

    it('sets the visibility timeout to at least 6 × the processor timeout', () => {
      const processor = named(run(), TYPES.function, `${prefix}-processor`);
      expect(queue().visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * (processor.timeout as number));
    });

    it('lets only this topic send to the queue', () => {
      const [policy] = ofType(run(), TYPES.queuePolicy);
      const statements = (JSON.parse(String(policy?.inputs.policy)) as { Statement: Inputs[] }).Statement;
      expect(statements).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`],
          Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages` } },
        }),
      ]);
    });

    it('subscribes the queue to the topic', () => {
      expect(ofType(run(), TYPES.subscription).map((resource) => resource.inputs)).toContainEqual(
        expect.objectContaining({
          protocol: 'sqs',
          topic: `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`,
          endpoint: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`,
        }),
      );
    });
  });

  describe(`${stage} stack: functions`, () => {
    it.each(FUNCTION_NAMES)('%s runs nodejs24.x on arm64 with X-Ray, from its package’s dist', async (fn) => {
      const lambda = named(run(), TYPES.function, `${prefix}-${fn}`);
      expect(lambda).toMatchObject({ runtime: 'nodejs24.x', architectures: ['arm64'], handler: FUNCTION_BUNDLES[fn].handler, tracingConfig: { mode: 'Active' } });
      expect(await (lambda.code as { path: Promise<string> }).path).toBe(`../packages/${FUNCTION_BUNDLES[fn].package}/dist`);
    });

    it('runs the expiry function from the scheduler package’s second bundle', () => {
      expect(FUNCTION_BUNDLES.expiry).toEqual({ package: 'scheduler', handler: 'stream.handler' });
      expect(FUNCTION_BUNDLES.scheduler).toEqual({ package: 'scheduler', handler: 'index.handler' });
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

    it('gives the webapi the API token parameter name and the CORS origins', () => {
      const variables = envOf(run(), `${prefix}-webapi`);
      expect(variables).toMatchObject({
        REZ_API_TOKEN_PARAMETER: `/rez-agent/${stage}/api-token`,
        CORS_ALLOWED_ORIGINS: config.corsOrigins.join(','),
        SNS_TOPIC_ARN: `arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`,
      });
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

    it('feeds the expiry function only TTL deletions from the table stream, with partial failures, bisection and a failure queue', () => {
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      const mappings = ofType(run(), TYPES.eventSourceMapping).map((resource) => resource.inputs);
      expect(mappings).toHaveLength(2);
      const expiry = mappings.find((mapping) => String(mapping.functionName).endsWith(`:function:${prefix}-expiry`));
      expect(expiry).toMatchObject({
        eventSourceArn: `${table}/stream/2026-03-01T00:00:00.000`,
        startingPosition: 'TRIM_HORIZON',
        functionResponseTypes: ['ReportBatchItemFailures'],
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: EXPIRY_MAX_RETRY_ATTEMPTS,
        destinationConfig: { onFailure: { destinationArn: `arn:aws:sqs:eu-west-1:123456789012:${prefix}-expiry-failures` } },
      });
      const filters = field<{ pattern: string }[]>(expiry ?? {}, 'filterCriteria', 'filters');
      expect(filters.map((filter) => JSON.parse(filter.pattern) as unknown)).toEqual([
        { eventName: ['REMOVE'], userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] } },
      ]);
    });

    it('keeps the expiry failure queue encrypted for 14 days and alarms on its first record', () => {
      expect(named(run(), TYPES.queue, `${prefix}-expiry-failures`)).toMatchObject({ sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 86_400 });
      expect(named(run(), TYPES.alarm, `${prefix}-expiry-failures`)).toMatchObject({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `${prefix}-expiry-failures` },
        threshold: 1,
      });
    });

    it('alarms when the expiry function falls hours behind the stream, well before its 24-hour retention', () => {
      expect(named(run(), TYPES.alarm, `${prefix}-expiry-iterator-age`)).toMatchObject({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensions: { FunctionName: `${prefix}-expiry` },
        statistic: 'Maximum',
        threshold: 6 * 3_600_000,
      });
    });
  });

  describe(`${stage} stack: IAM`, () => {
    it('uses no wildcard action anywhere', () => {
      const wildcards = policiesOf(run()).flatMap((policy) =>
        policy.statements.flatMap((statement) => actionsOf(statement).filter((action) => action.includes('*')).map((action) => `${policy.owner}: ${action}`)),
      );
      expect(wildcards).toEqual([]);
    });

    it('uses Resource "*" only for the X-Ray statement', () => {
      const offenders = policiesOf(run()).flatMap((policy) =>
        policy.statements.filter((statement) => resourcesOf(statement).includes('*') && statement.Sid !== XRAY_SID).map((statement) => `${policy.owner}: ${JSON.stringify(statement)}`),
      );
      expect(offenders).toEqual([]);
    });

    it('limits the X-Ray statement to writing traces', () => {
      const xray = policiesOf(run()).flatMap((policy) => policy.statements.filter((statement) => statement.Sid === XRAY_SID));
      expect(xray).toHaveLength(FUNCTION_NAMES.length);
      for (const statement of xray) expect(actionsOf(statement)).toEqual(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    });

    it.each(FUNCTION_NAMES)('%s may write only to its own log group', (fn) => {
      const logs = rolePolicyStatements(run(), `${prefix}-${fn}-role`).filter((statement) => actionsOf(statement).some((action) => action.startsWith('logs:')));
      expect(logs.flatMap(resourcesOf)).toEqual([`arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/${prefix}-${fn}:log-stream:*`]);
    });

    it('lets the scheduler write messages, query only the pending index and publish', () => {
      const statements = rolePolicyStatements(run(), `${prefix}-scheduler-role`);
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [table] }),
          expect.objectContaining({ Action: ['dynamodb:Query'], Resource: [`${table}/index/by_pending`] }),
          expect.objectContaining({ Action: ['sns:Publish'], Resource: [`arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`] }),
        ]),
      );
      expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('sqs:') || action.startsWith('ssm:'))).toEqual([]);
    });

    it('lets the expiry function read only the table stream, write only what its transaction needs, and report failures', () => {
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      const statements = rolePolicyStatements(run(), `${prefix}-expiry-role`);
      const own = statements.filter((statement) => !actionsOf(statement).some((action) => action.startsWith('logs:') || action.startsWith('xray:')));
      expect(own).toEqual([
        expect.objectContaining({ Action: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [table] }),
        expect.objectContaining({
          Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
          Resource: [`${table}/stream/2026-03-01T00:00:00.000`],
        }),
        expect.objectContaining({ Action: ['sqs:SendMessage'], Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-expiry-failures`] }),
      ]);
    });

    it('lets the processor read and update messages and consume the queue, but not publish', () => {
      const statements = rolePolicyStatements(run(), `${prefix}-processor-role`);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] }),
          expect.objectContaining({
            Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`],
          }),
        ]),
      );
      // Exactly what the event source mapping needs; nothing re-times or sends records.
      expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('sqs:')).sort()).toEqual([
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ]);
      expect(statements.flatMap(actionsOf)).not.toContain('sns:Publish');
      expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:PutItem');
    });

    it('lets the webapi query only the list indexes and read only the API token', () => {
      const statements = rolePolicyStatements(run(), `${prefix}-webapi-role`);
      const query = statements.find((statement) => actionsOf(statement).includes('dynamodb:Query'));
      expect(resourcesOf(query ?? { Effect: 'Allow', Action: [] }).map((arn) => arn.split('/index/')[1])).toEqual(
        TABLE.globalSecondaryIndexes.map((index) => index.name).filter((name) => name !== 'by_pending'),
      );
      const ssm = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('ssm:')));
      expect(ssm).toEqual([
        expect.objectContaining({ Action: ['ssm:GetParameter'], Resource: [`arn:aws:ssm:eu-west-1:123456789012:parameter/rez-agent/${stage}/api-token`] }),
      ]);
    });

    it('lets only this account’s Lambda and Scheduler services assume the roles', () => {
      for (const role of ofType(run(), TYPES.role)) {
        const [trust] = (JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: Inputs[] }).Statement;
        expect(trust).toMatchObject({ Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
      }
    });
  });

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

    it('throttles the stage and writes access logs', () => {
      const [stageResource] = ofType(run(), TYPES.stage);
      expect(stageResource?.inputs).toMatchObject({
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: { throttlingBurstLimit: config.api.throttleBurst, throttlingRateLimit: config.api.throttleRate },
        accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/${prefix}-api` },
      });
    });

    it('takes the CORS origins from config and never allows credentials', () => {
      const api = named(run(), TYPES.api, `${prefix}-api`);
      expect(api.protocolType).toBe('HTTP');
      expect(api.corsConfiguration).toMatchObject({ allowOrigins: config.corsOrigins, allowCredentials: false });
    });
  });

  describe(`${stage} stack: secrets`, () => {
    it('stores the API token as an SSM SecureString from a Pulumi secret', () => {
      const parameter = named(run(), TYPES.parameter, `/rez-agent/${stage}/api-token`);
      expect(parameter.type).toBe('SecureString');
      expect(parameter.value).toEqual(secretValue(expect.any(String)));
    });
  });

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
      ['expiry-errors', 'Errors'],
      ['expiry-throttles', 'Throttles'],
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

  return { run, config, prefix };
}

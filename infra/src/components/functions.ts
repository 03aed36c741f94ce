import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { posix } from 'node:path';
import {
  envDefault,
  FUNCTIONS,
  FUNCTION_NAMES,
  LIST_INDEXES,
  STATUS_INDEX,
  DUE_INDEX,
  SCHEDULE_PARTITION,
  bundleFile,
  functionHandler,
  stageNames,
  type FunctionEnvVar,
  type FunctionName,
  type Stage,
} from '@rez-agent/core';
import { policyDocument, assumeRolePolicy, permissionsBoundaryArn, xrayStatement, type Statement } from '../iam';
import type { StackConfig } from '../config';
import { connectEventSources } from './event-sources';

/**
 * The folder deployed as a function's code: the `dist/` holding its bundle (core's registry),
 * relative to infra/, where Pulumi runs the program (Pulumi.yaml `main: infra/`).
 */
export const bundlePath = (fn: FunctionName): string => posix.join('..', posix.dirname(bundleFile(fn)));

/** A variable the stack leaves at the function's own default, set explicitly so the console shows it. */
const coreDefault = (name: 'NTFY_TIMEOUT_MS' | 'NTFY_MAX_ATTEMPTS' | 'PROCESSOR_CONCURRENCY'): string => String(envDefault(name));

/**
 * Lambda's own filter for JSON logs: it drops lines below its application log level (INFO when
 * unset), so it follows the configured level or `debug` would never reach CloudWatch.
 */
export const lambdaLogLevel = (logLevel: string): string => (logLevel === 'silent' ? 'FATAL' : logLevel.toUpperCase());

export interface FunctionsArgs {
  stage: Stage;
  accountId: pulumi.Input<string>;
  logLevel: string;
  logRetentionDays: number;
  messageTtlDays: number;
  maxReceiveCount: number;
  ntfyUrl: string;
  processor: StackConfig['processor'];
  sweep: Pick<StackConfig['sweep'], 'staleAfterMinutes' | 'limit' | 'everyMinutes'>;
  table: aws.dynamodb.Table;
  /** The table's stream, read by the stream function. */
  tableStreamArn: pulumi.Input<string>;
  indexArn: (indexName: string) => pulumi.Output<string>;
  topic: aws.sns.Topic;
  queue: aws.sqs.Queue;
  /** The stream mapping's on-failure destination. */
  streamFailureQueue: aws.sqs.Queue;
  apiTokenParameter: aws.ssm.Parameter;
  ntfyTokenParameter?: aws.ssm.Parameter;
  /** The OIDC issuer and client whose access tokens the webapi accepts. */
  signIn: { issuer: pulumi.Input<string>; clientId: pulumi.Input<string>; groupsClaim: string; operatorGroup: string; scopes: readonly string[] };
}

/** A function's variables: only those the registry says it reads (plus NODE_OPTIONS). */
type Environment<F extends FunctionName> = Partial<Record<FunctionEnvVar<F> | 'NODE_OPTIONS', pulumi.Input<string>>>;

interface FunctionSpec<F extends FunctionName> {
  environment: Environment<F>;
  /** What the function does with our resources; logs and X-Ray are added for every function. */
  statements: Statement[];
  /** Overrides of the registry's default size (the processor's come from config). */
  size?: { memoryMb: number; timeoutSeconds: number };
}

/** The Lambda functions, each with its own role that allows exactly what it calls. */
export class Functions extends pulumi.ComponentResource {
  readonly functions: Record<FunctionName, aws.lambda.Function>;
  readonly logGroups: Record<FunctionName, aws.cloudwatch.LogGroup>;
  readonly roles: Record<FunctionName, aws.iam.Role>;

  constructor(name: string, args: FunctionsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:functions:Functions', name, {}, opts);
    const { table, topic, queue } = args;

    const common = {
      STAGE: args.stage,
      DYNAMODB_TABLE_NAME: table.name,
      LOG_LEVEL: args.logLevel,
      // Stack traces point into our TypeScript, not the minified bundle.
      NODE_OPTIONS: '--enable-source-maps',
    };
    const tableItems = (actions: string[]): Statement => ({
      Sid: 'MessageItems',
      Effect: 'Allow',
      Action: actions.map((action) => `dynamodb:${action}`),
      Resource: [table.arn],
    });
    const publish: Statement = { Sid: 'PublishMessages', Effect: 'Allow', Action: ['sns:Publish'], Resource: [topic.arn] };
    const sendDelayed: Statement = { Sid: 'SendDelayedRecords', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queue.arn] };
    const readParameter = (sid: string, parameter: aws.ssm.Parameter): Statement => ({
      Sid: sid,
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [parameter.arn],
    });

    const specs: { [F in FunctionName]: FunctionSpec<F> } = {
      scheduler: {
        environment: {
          ...common,
          SNS_TOPIC_ARN: topic.arn,
          SQS_QUEUE_URL: queue.url,
          MESSAGE_TTL_DAYS: String(args.messageTtlDays),
          STALE_AFTER_MINUTES: String(args.sweep.staleAfterMinutes),
          SWEEP_LIMIT: String(args.sweep.limit),
          SWEEP_EVERY_MINUTES: String(args.sweep.everyMinutes),
          // The sweep requeues a message whose processing lease has run out.
          PROCESSING_LEASE_SECONDS: String(args.processor.leaseSeconds),
        },
        statements: [
          // UpdateItem: also a fired schedule's next run.
          tableItems(['GetItem', 'PutItem', 'UpdateItem', 'BatchGetItem']),
          {
            Sid: 'FindStuckAndDueMessagesAndDueSchedules',
            Effect: 'Allow',
            Action: ['dynamodb:Query'],
            Resource: [args.indexArn(STATUS_INDEX.name), args.indexArn(DUE_INDEX.name)],
          },
          publish,
          sendDelayed,
        ],
      },
      processor: {
        size: { memoryMb: args.processor.memoryMb, timeoutSeconds: args.processor.timeoutSeconds },
        environment: {
          ...common,
          NTFY_URL: args.ntfyUrl,
          NTFY_TIMEOUT_MS: coreDefault('NTFY_TIMEOUT_MS'),
          NTFY_MAX_ATTEMPTS: coreDefault('NTFY_MAX_ATTEMPTS'),
          PROCESSOR_CONCURRENCY: coreDefault('PROCESSOR_CONCURRENCY'),
          SQS_QUEUE_URL: queue.url,
          MAX_RECEIVE_COUNT: String(args.maxReceiveCount),
          PROCESSING_LEASE_SECONDS: String(args.processor.leaseSeconds),
          ...(args.ntfyTokenParameter ? { NTFY_TOKEN_PARAMETER: args.ntfyTokenParameter.name } : {}),
        },
        statements: [
          // PutItem: the attempt records.
          tableItems(['GetItem', 'PutItem', 'UpdateItem']),
          // A scheduled message's record that came early goes back with the delay left.
          sendDelayed,
          {
            // What the event source mapping calls with this role: failures are left to the
            // visibility timeout, never re-timed.
            Sid: 'ConsumeQueue',
            Effect: 'Allow',
            Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
            Resource: [queue.arn],
          },
          ...(args.ntfyTokenParameter ? [readParameter('ReadNtfyToken', args.ntfyTokenParameter)] : []),
        ],
      },
      webapi: {
        environment: {
          ...common,
          SNS_TOPIC_ARN: topic.arn,
          SQS_QUEUE_URL: queue.url,
          MESSAGE_TTL_DAYS: String(args.messageTtlDays),
          REZ_API_TOKEN_PARAMETER: args.apiTokenParameter.name,
          OIDC_ISSUER: args.signIn.issuer,
          OIDC_CLIENT_ID: args.signIn.clientId,
          OIDC_GROUPS_CLAIM: args.signIn.groupsClaim,
          OIDC_OPERATOR_GROUP: args.signIn.operatorGroup,
          OIDC_SCOPES: args.signIn.scopes.join(' '),
        },
        statements: [
          // Query on the table: a message's attempts, the metrics slots and the schedules.
          tableItems(['GetItem', 'PutItem', 'UpdateItem', 'BatchGetItem', 'Query']),
          {
            // DELETE /api/schedules/{name}: schedule items only, never a message.
            Sid: 'DeleteSchedules',
            Effect: 'Allow',
            Action: ['dynamodb:DeleteItem'],
            Resource: [table.arn],
            Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [SCHEDULE_PARTITION] } },
          },
          {
            Sid: 'ListMessages',
            Effect: 'Allow',
            Action: ['dynamodb:Query'],
            Resource: LIST_INDEXES.map((index) => args.indexArn(index.name)),
          },
          publish,
          sendDelayed,
          readParameter('ReadApiToken', args.apiTokenParameter),
        ],
      },
      stream: {
        environment: common,
        statements: [
          // The metrics slots: read a checkpoint, create a slot once, add a batch's deltas.
          tableItems(['GetItem', 'PutItem', 'UpdateItem']),
          {
            // What the event source mapping calls with this role to read the stream.
            Sid: 'ReadTableStream',
            Effect: 'Allow',
            Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
            Resource: [args.tableStreamArn],
          },
          {
            // The mapping's on-failure destination is written with the function's role.
            Sid: 'ReportFailedBatches',
            Effect: 'Allow',
            Action: ['sqs:SendMessage'],
            Resource: [args.streamFailureQueue.arn],
          },
        ],
      },
    };

    const entries = FUNCTION_NAMES.map((fn) => [fn, this.createFunction(fn, specs[fn] as FunctionSpec<FunctionName>, args)] as const);
    this.functions = Object.fromEntries(entries.map(([fn, made]) => [fn, made.fn])) as Record<FunctionName, aws.lambda.Function>;
    this.logGroups = Object.fromEntries(entries.map(([fn, made]) => [fn, made.logGroup])) as Record<FunctionName, aws.cloudwatch.LogGroup>;
    this.roles = Object.fromEntries(entries.map(([fn, made]) => [fn, made.role])) as Record<FunctionName, aws.iam.Role>;

    connectEventSources(this, this.functions, { queueArn: queue.arn, processor: args.processor, tableStreamArn: args.tableStreamArn, streamFailureQueueArn: args.streamFailureQueue.arn });

    this.registerOutputs({
      functionNames: Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, this.functions[fn].name])),
    });
  }

  private createFunction(fn: FunctionName, spec: FunctionSpec<FunctionName>, args: FunctionsArgs) {
    const functionName = stageNames(args.stage).function(fn);
    const { description, memoryMb, timeoutSeconds } = { ...FUNCTIONS[fn], ...spec.size };
    const logGroup = new aws.cloudwatch.LogGroup(
      `${fn}-logs`,
      { name: `/aws/lambda/${functionName}`, retentionInDays: args.logRetentionDays },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${fn}-role`,
      {
        name: `${functionName}-role`,
        assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com', args.accountId),
        permissionsBoundary: permissionsBoundaryArn(args.stage, args.accountId),
      },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      `${fn}-policy`,
      {
        role: role.id,
        policy: policyDocument([
          {
            Sid: 'OwnLogGroup',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: [pulumi.interpolate`${logGroup.arn}:log-stream:*`],
          },
          xrayStatement(),
          ...spec.statements,
        ]),
      },
      { parent: this },
    );
    const lambda = new aws.lambda.Function(
      fn,
      {
        name: functionName,
        description,
        runtime: aws.lambda.Runtime.NodeJS24dX,
        architectures: ['arm64'],
        handler: functionHandler(fn),
        code: new pulumi.asset.FileArchive(bundlePath(fn)),
        role: role.arn,
        memorySize: memoryMb,
        timeout: timeoutSeconds,
        tracingConfig: { mode: 'Active' },
        loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name, applicationLogLevel: lambdaLogLevel(args.logLevel) },
        environment: { variables: spec.environment as Record<string, pulumi.Input<string>> },
      },
      // The role's policy must exist before the function first runs, and the log group before it logs.
      { parent: this, dependsOn: [policy, logGroup] },
    );
    return { fn: lambda, logGroup, role };
  }
}

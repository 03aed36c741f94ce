import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  TABLE,
  TICK_EXPRESSION,
  TICK_SCHEDULE_NAME,
  TICK_TARGET_INPUT,
  stackScheduleTableItem,
  stageNames,
  type ScheduleDefinition,
  type Stage,
} from '@rez-agent/core';
import { assumeRolePolicy, permissionsBoundaryArn, policyDocument } from '../iam';

export interface SchedulesArgs {
  stage: Stage;
  accountId: pulumi.Input<string>;
  /** The stack's schedules (`rez-agent:schedules`), written to the table as data. */
  schedules: ScheduleDefinition[];
  table: aws.dynamodb.Table;
  schedulerFunction: aws.lambda.Function;
  /** The scheduler function's role: Lambda writes its failed ticks to the DLQ with it. */
  schedulerRole: aws.iam.Role;
}

/**
 * EventBridge retries a failed hand-off to Lambda this often, for up to this long, then sends it
 * to the DLQ. It covers only the hand-off: Lambda runs the function asynchronously.
 */
export const SCHEDULE_RETRY = { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3_600 } as const;

/**
 * Lambda's own retries of a tick the scheduler function failed (2 is Lambda's most); then the
 * tick goes to the same DLQ instead of being dropped. Safe: a retried tick never creates a
 * second message for the same occurrence.
 */
export const SCHEDULER_ASYNC_RETRY = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3_600 } as const;

/**
 * The one EventBridge Scheduler schedule, the per-minute tick of the scheduler function, in a
 * group of its own (the alarms watch its metrics), and the stack's schedules as table items that
 * the tick fires like the API's: a deploy that changes a definition rewrites its item, one that
 * removes it deletes the item. A tick that cannot be handed to Lambda, or that the function fails
 * after Lambda's retries, ends in one dead-letter queue.
 */
export class Schedules extends pulumi.ComponentResource {
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly tickGroup: aws.scheduler.ScheduleGroup;
  /** The table item of each stack schedule, by schedule name. */
  readonly items: Record<string, aws.dynamodb.TableItem>;

  constructor(name: string, args: SchedulesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:schedules:Schedules', name, {}, opts);
    const names = stageNames(args.stage);
    const target = args.schedulerFunction;

    this.deadLetterQueue = new aws.sqs.Queue(
      'schedules-dlq',
      { name: names.scheduleDeadLetterQueue, messageRetentionSeconds: 14 * 24 * 3600, sqsManagedSseEnabled: true },
      { parent: this },
    );

    const role = new aws.iam.Role(
      'scheduler-invoke-role',
      {
        name: names.resource('scheduler-invoke'),
        assumeRolePolicy: assumeRolePolicy('scheduler.amazonaws.com', args.accountId),
        permissionsBoundary: permissionsBoundaryArn(args.stage, args.accountId),
      },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      'scheduler-invoke-policy',
      {
        role: role.id,
        policy: policyDocument([
          { Sid: 'InvokeScheduler', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [target.arn] },
          { Sid: 'DeadLetters', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [this.deadLetterQueue.arn] },
        ]),
      },
      { parent: this },
    );

    // Lambda writes an async invocation's on-failure record with the function's own role.
    const failedTicksPolicy = new aws.iam.RolePolicy(
      'scheduler-failed-ticks-policy',
      {
        role: args.schedulerRole.id,
        policy: policyDocument([{ Sid: 'FailedTicks', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [this.deadLetterQueue.arn] }]),
      },
      { parent: this },
    );
    new aws.lambda.FunctionEventInvokeConfig(
      'scheduler-async',
      {
        functionName: target.name,
        ...SCHEDULER_ASYNC_RETRY,
        destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
      },
      // Lambda checks the role may send to the destination when the config is saved.
      { parent: this, dependsOn: [failedTicksPolicy] },
    );

    const tickName = names.resource(TICK_SCHEDULE_NAME);
    this.tickGroup = new aws.scheduler.ScheduleGroup('tick', { name: tickName }, { parent: this });
    new aws.scheduler.Schedule(
      'tick',
      {
        name: tickName,
        groupName: this.tickGroup.name,
        scheduleExpression: TICK_EXPRESSION,
        scheduleExpressionTimezone: 'UTC',
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: target.arn,
          roleArn: role.arn,
          input: JSON.stringify(TICK_TARGET_INPUT),
          retryPolicy: SCHEDULE_RETRY,
          deadLetterConfig: { arn: this.deadLetterQueue.arn },
        },
      },
      { parent: this, dependsOn: [policy] },
    );

    this.items = Object.fromEntries(
      args.schedules.map((definition) => [
        definition.name,
        new aws.dynamodb.TableItem(
          `schedule-${definition.name}`,
          { tableName: args.table.name, hashKey: TABLE.partitionKey, rangeKey: TABLE.sortKey, item: stackScheduleTableItem(definition) },
          { parent: this },
        ),
      ]),
    );

    this.registerOutputs({ deadLetterQueueUrl: this.deadLetterQueue.url });
  }
}

import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { SWEEP_TARGET_INPUT, scheduleTargetInput, stageNames, type ScheduleDefinition, type Stage } from '@rez-agent/core';
import { assumeRolePolicy, policyDocument } from '../iam';

export interface SchedulesArgs {
  stage: Stage;
  accountId: pulumi.Input<string>;
  schedules: ScheduleDefinition[];
  sweepExpression: string;
  schedulerFunction: aws.lambda.Function;
}

/** EventBridge retries a failed invocation this often, for up to this long, then sends it to the DLQ. */
export const SCHEDULE_RETRY = { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3_600 } as const;

/**
 * One EventBridge Scheduler schedule per configured schedule, each in its own schedule group so
 * its invocations have their own metric (the missed-schedule alarm watches it), plus the
 * stuck-message sweep. Failed invocations end in a dead-letter queue.
 */
export class Schedules extends pulumi.ComponentResource {
  readonly deadLetterQueue: aws.sqs.Queue;
  /** The schedule group of each configured schedule, by schedule name. */
  readonly groups: Record<string, aws.scheduler.ScheduleGroup>;
  readonly sweepGroup: aws.scheduler.ScheduleGroup;

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
      { name: names.resource('scheduler-invoke'), assumeRolePolicy: assumeRolePolicy('scheduler.amazonaws.com', args.accountId) },
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

    const schedule = (resourceName: string, groupName: string, expression: string, timezone: string, input: object) => {
      const group = new aws.scheduler.ScheduleGroup(resourceName, { name: groupName }, { parent: this });
      new aws.scheduler.Schedule(
        resourceName,
        {
          name: groupName,
          groupName: group.name,
          scheduleExpression: expression,
          scheduleExpressionTimezone: timezone,
          flexibleTimeWindow: { mode: 'OFF' },
          state: 'ENABLED',
          target: {
            arn: target.arn,
            roleArn: role.arn,
            input: JSON.stringify(input),
            retryPolicy: SCHEDULE_RETRY,
            deadLetterConfig: { arn: this.deadLetterQueue.arn },
          },
        },
        { parent: this, dependsOn: [policy] },
      );
      return group;
    };

    this.groups = Object.fromEntries(
      args.schedules.map((definition) => [
        definition.name,
        schedule(`schedule-${definition.name}`, names.resource(definition.name), definition.expression, definition.timezone, scheduleTargetInput(definition)),
      ]),
    );
    this.sweepGroup = schedule('sweep', names.resource('sweep'), args.sweepExpression, 'UTC', SWEEP_TARGET_INPUT);

    this.registerOutputs({ deadLetterQueueUrl: this.deadLetterQueue.url });
  }
}

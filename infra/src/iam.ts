import * as pulumi from '@pulumi/pulumi';
import { stageNames, type Stage } from '@rez-agent/core';

/** One IAM policy statement; resources may be outputs of other resources. */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource?: pulumi.Input<string>[];
  Principal?: Record<string, pulumi.Input<string> | pulumi.Input<string>[]>;
  Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
}

export const policyDocument = (statements: Statement[]): pulumi.Output<string> =>
  pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements });

/** A trust policy for one AWS service, limited to this account (confused-deputy protection). */
export const assumeRolePolicy = (service: string, accountId: pulumi.Input<string>): pulumi.Output<string> =>
  policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: ['sts:AssumeRole'],
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);

/**
 * The one statement allowed `Resource: "*"`: X-Ray trace segments belong to no resource, so IAM
 * cannot scope them (the same two actions as AWSXRayDaemonWriteAccess uses for writing).
 */
export const XRAY_SID = 'XRayTracesHaveNoResource';
export const xrayStatement = (): Statement => ({
  Sid: XRAY_SID,
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  Resource: ['*'],
});

/**
 * The permissions boundary every role of the stack carries, created once per stage in the
 * one-time setup (infra/setup/permissions-boundary.json): the deploy role may create roles only with it.
 */
export const permissionsBoundaryArn = (stage: Stage, accountId: pulumi.Input<string>): pulumi.Output<string> =>
  pulumi.interpolate`arn:aws:iam::${accountId}:policy/${stageNames(stage).resource('boundary')}`;

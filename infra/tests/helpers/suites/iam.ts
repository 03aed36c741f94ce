import { describe, expect, it } from '@jest/globals';
import { FUNCTION_NAMES, LIST_INDEXES, defaultTableName } from '@rez-agent/core';
import { XRAY_SID } from '../../../src/iam';
import { TYPES, actionsOf, ofType, policiesOf, resourcesOf, rolePolicyStatements, type Inputs } from '../resources';
import type { StackUnderTest } from '../stack-suite';

/** Least privilege: every role, every statement. */
export function describeIam({ stage, run, prefix }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
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

    it('lets the scheduler write messages and schedules, query only the status and due indexes, publish, send delayed records, and park failed ticks', () => {
      const statements = rolePolicyStatements(run(), `${prefix}-scheduler-role`);
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: ['sns:Publish'], Resource: [`arn:aws:sns:eu-west-1:123456789012:${prefix}-messages`] }),
        ]),
      );
      // Every table statement, exactly: no Scan, no DeleteItem, no other index.
      expect(statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')))).toEqual([
        expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem'], Resource: [table] }),
        expect.objectContaining({ Action: ['dynamodb:Query'], Resource: [`${table}/index/by_status`, `${table}/index/by_due`] }),
      ]);
      const sqsOrSsm = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sqs:') || action.startsWith('ssm:')));
      expect(sqsOrSsm.flatMap(actionsOf)).toEqual(['sqs:SendMessage', 'sqs:SendMessage']);
      expect(sqsOrSsm.flatMap(resourcesOf).sort()).toEqual(
        [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`, `arn:aws:sqs:eu-west-1:123456789012:${prefix}-schedules-dlq`].sort(),
      );
    });

    it('lets the stream function read only the table stream, write only the metrics slots’ needs, and report failures', () => {
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      const statements = rolePolicyStatements(run(), `${prefix}-stream-role`);
      const own = statements.filter((statement) => !actionsOf(statement).some((action) => action.startsWith('logs:') || action.startsWith('xray:')));
      expect(own).toEqual([
        expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [table] }),
        expect.objectContaining({
          Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
          Resource: [`${table}/stream/2026-03-01T00:00:00.000`],
        }),
        expect.objectContaining({ Action: ['sqs:SendMessage'], Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-stream-failures`] }),
      ]);
    });

    it('lets the processor read and update messages, record attempts, consume the queue and send early records back, but not publish', () => {
      const statements = rolePolicyStatements(run(), `${prefix}-processor-role`);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] }),
          expect.objectContaining({
            Resource: [`arn:aws:sqs:eu-west-1:123456789012:${prefix}-messages`],
          }),
        ]),
      );
      // What the event source mapping needs, and SendMessage for an early record; nothing re-times records.
      expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('sqs:')).sort()).toEqual([
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ]);
      expect(statements.flatMap(actionsOf)).not.toContain('sns:Publish');
      expect(statements.flatMap(actionsOf)).not.toContain('sqs:ChangeMessageVisibility');
    });

    it('lets the webapi query only the list indexes, delete only schedules and read only the API token', () => {
      const statements = rolePolicyStatements(run(), `${prefix}-webapi-role`);
      const queried = statements.filter((statement) => actionsOf(statement).includes('dynamodb:Query')).flatMap(resourcesOf);
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/${defaultTableName(stage)}`;
      // The table itself (a message's attempts, the metrics slots, the schedules) and the list indexes, not the due index.
      expect(queried).toEqual([table, ...LIST_INDEXES.map((index) => `${table}/index/${index.name}`)]);
      // It deletes schedule items only: DeleteItem is bound to their partition key.
      expect(statements.filter((statement) => actionsOf(statement).includes('dynamodb:DeleteItem'))).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:DeleteItem'],
          Resource: [table],
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['SCHEDULE'] } },
        }),
      ]);
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
}

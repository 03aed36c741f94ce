import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PROJECT, stageNames } from '@rez-agent/core';
import { parse } from 'yaml';
import { defaultTagsFor } from '../../../src/deployment-guards';
import { REPOSITORY, STATE_BUCKET, allows, allowsWith, denies, grantsOf, renderSetup } from '../iam-documents';
import { TYPES, actionsOf, ofType, resourcesOf, type Inputs, type PolicyStatement } from '../resources';
import { ACCOUNT_ID, REGION, type RecordedResource } from '../run-program';
import type { StackUnderTest } from '../stack-suite';

const at = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${rest}`;

/**
 * What the deploy role must be allowed to create each resource, and the ARN it acts on. Cognito
 * names a pool by an id of its own, so pools are told apart by the stage's default tags: the
 * request's tags when one is created, the pool's own for what is created inside it.
 */
const CREATES: Record<string, { action: string; arn: (inputs: Inputs) => string; tagged?: 'request' | 'resource' }> = {
  [TYPES.table]: { action: 'dynamodb:CreateTable', arn: (inputs) => at('dynamodb', `table/${String(inputs.name)}`) },
  [TYPES.tableItem]: { action: 'dynamodb:PutItem', arn: (inputs) => at('dynamodb', `table/${String(inputs.tableName)}`) },
  [TYPES.topic]: { action: 'sns:CreateTopic', arn: (inputs) => at('sns', String(inputs.name)) },
  [TYPES.queue]: { action: 'sqs:CreateQueue', arn: (inputs) => at('sqs', String(inputs.name)) },
  [TYPES.function]: { action: 'lambda:CreateFunction', arn: (inputs) => at('lambda', `function:${String(inputs.name)}`) },
  [TYPES.logGroup]: { action: 'logs:CreateLogGroup', arn: (inputs) => at('logs', `log-group:${String(inputs.name)}`) },
  [TYPES.parameter]: { action: 'ssm:PutParameter', arn: (inputs) => at('ssm', `parameter${String(inputs.name)}`) },
  [TYPES.alarm]: { action: 'cloudwatch:PutMetricAlarm', arn: (inputs) => at('cloudwatch', `alarm:${String(inputs.name)}`) },
  [TYPES.dashboard]: { action: 'cloudwatch:PutDashboard', arn: (inputs) => `arn:aws:cloudwatch::${ACCOUNT_ID}:dashboard/${String(inputs.dashboardName)}` },
  [TYPES.scheduleGroup]: { action: 'scheduler:CreateScheduleGroup', arn: (inputs) => at('scheduler', `schedule-group/${String(inputs.name)}`) },
  [TYPES.schedule]: { action: 'scheduler:CreateSchedule', arn: (inputs) => at('scheduler', `schedule/${String(inputs.groupName)}/${String(inputs.name)}`) },
  [TYPES.role]: { action: 'iam:CreateRole', arn: (inputs) => `arn:aws:iam::${ACCOUNT_ID}:role/${String(inputs.name)}` },
  [TYPES.userPool]: { action: 'cognito-idp:CreateUserPool', arn: () => '*', tagged: 'request' },
  [TYPES.userGroup]: { action: 'cognito-idp:CreateGroup', arn: (inputs) => at('cognito-idp', `userpool/${String(inputs.userPoolId)}`), tagged: 'resource' },
  [TYPES.userPoolClient]: { action: 'cognito-idp:CreateUserPoolClient', arn: (inputs) => at('cognito-idp', `userpool/${String(inputs.userPoolId)}`), tagged: 'resource' },
  [TYPES.userPoolDomain]: { action: 'cognito-idp:CreateUserPoolDomain', arn: (inputs) => at('cognito-idp', `userpool/${String(inputs.userPoolId)}`), tagged: 'resource' },
  [TYPES.managedLoginBranding]: {
    action: 'cognito-idp:CreateManagedLoginBranding',
    arn: (inputs) => at('cognito-idp', `userpool/${String(inputs.userPoolId)}`),
    tagged: 'resource',
  },
};

/** The condition keys a request about `stage`'s tagged resources carries. */
const tagContext = (stage: string, tagged: 'request' | 'resource') =>
  Object.fromEntries(Object.entries(defaultTagsFor(stage as 'dev' | 'prod')).map(([key, value]) => [`aws:${tagged === 'request' ? 'RequestTag' : 'ResourceTag'}/${key}`, value]));

/** Declared by the stack but named by AWS (or not AWS), besides our components: covered by their parent's statements. */
const NAMED_BY_AWS = [
  TYPES.rolePolicy,
  TYPES.queuePolicy,
  TYPES.subscription,
  TYPES.eventSourceMapping,
  TYPES.invokeConfig,
  TYPES.permission,
  TYPES.api,
  TYPES.route,
  TYPES.integration,
  TYPES.stage,
  TYPES.randomPassword,
  'aws:sqs/redriveAllowPolicy:RedriveAllowPolicy',
];

const WORKFLOW = new URL('../../../../.github/workflows/deploy.yml', import.meta.url);

/**
 * The one-time setup of README "Deploy" (infra/setup/*.json) against what the program declares:
 * the documented roles can deploy this stack, and only this stack.
 */
export function describeDeploySetup({ stage, run }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  const other = stage === 'dev' ? 'prod' : 'dev';
  const deployPolicy = renderSetup('deploy-policy.json', stage);
  const boundary = renderSetup('permissions-boundary.json', stage);
  const names = stageNames(stage);
  const boundaryArn = `arn:aws:iam::${ACCOUNT_ID}:policy/${names.resource('boundary')}`;
  const creatable = () => run().resources.filter((resource) => resource.type in CREATES);
  const creation = (resource: RecordedResource) => {
    const create = CREATES[resource.type];
    if (!create) throw new Error(`no creation for ${resource.type}`);
    return { action: create.action, arn: create.arn(resource.inputs), tagged: create.tagged };
  };
  const permits = (policy: typeof deployPolicy, { action, arn, tagged }: ReturnType<typeof creation>) =>
    tagged ? allowsWith(policy, action, arn, tagContext(stage, tagged)) : allows(policy, action, arn);

  describe(`${stage} stack: the documented deploy setup`, () => {
    it('knows how every declared resource is created (a new kind needs the deploy policy checked)', () => {
      const unknown = run().resources.filter(
        (resource) => !resource.type.startsWith('rez-agent:') && !(resource.type in CREATES) && !NAMED_BY_AWS.includes(resource.type),
      );
      expect(unknown.map((resource) => resource.type)).toEqual([]);
    });

    it('names in the setup documents only what core’s registry names for the stage (its prefix, table, parameters, boundary)', () => {
      const registry = [`${names.prefix}-`, names.table, `/${PROJECT}/${stage}/`, `${PROJECT}/${stage}.json`, `${PROJECT}/${stage}/`, `github-${names.prefix}-`];
      const text = ['deploy-policy.json', 'permissions-boundary.json', 'preview-deny-data.json'].map((file) => JSON.stringify(renderSetup(file, stage))).join('\n');
      const named = [...text.matchAll(new RegExp(`[^:"/]*${PROJECT}[^*"]*`, 'g'))].map(([match]) => match);
      expect(named.length).toBeGreaterThan(0);
      // The bare project name is the `project` tag every resource carries (aws:defaultTags).
      expect(named.filter((name) => name !== PROJECT && !registry.some((known) => name.includes(known)) && !name.startsWith(`${STATE_BUCKET}`))).toEqual([]);
      expect(allows(deployPolicy, 'ssm:PutParameter', at('ssm', `parameter${names.parameter('ntfy-token')}`))).toBe(true);
    });

    it('lets the deploy role create every named resource of the stack', () => {
      const refused = creatable().map(creation).filter((create) => !permits(deployPolicy, create));
      expect(refused).toEqual([]);
    });

    it(`refuses the ${other} deploy role every named resource of the ${stage} stack`, () => {
      const otherPolicy = renderSetup('deploy-policy.json', other);
      const allowed = creatable().map(creation).filter((create) => permits(otherPolicy, create));
      expect(allowed).toEqual([]);
    });

    it(`acts on a user pool only by the ${stage} tags, which tagging cannot change`, () => {
      const pool = at('cognito-idp', 'userpool/eu-west-1_Example');
      expect(allowsWith(deployPolicy, 'cognito-idp:DeleteUserPool', pool, tagContext(stage, 'resource'))).toBe(true);
      expect(allowsWith(deployPolicy, 'cognito-idp:DeleteUserPool', pool, tagContext(other, 'resource'))).toBe(false);
      expect(allowsWith(deployPolicy, 'cognito-idp:DeleteUserPool', pool, {})).toBe(false);
      expect(grantsOf(deployPolicy, 'cognito-idp:TagResource', pool).map((statement) => statement.Condition?.['ForAllValues:StringNotEquals'])).toEqual([
        { 'aws:TagKeys': Object.keys(defaultTagsFor(stage)) },
      ]);
    });

    it('lets the boundary allow everything the stack grants its roles', () => {
      const beyond = ofType(run(), TYPES.rolePolicy).flatMap((policy) =>
        (JSON.parse(String(policy.inputs.policy)) as { Statement: PolicyStatement[] }).Statement.flatMap((statement) =>
          actionsOf(statement).flatMap((action) =>
            resourcesOf(statement).filter((resource) => !allows(boundary, action, resource)).map((resource) => `${policy.name}: ${action} on ${resource}`),
          ),
        ),
      );
      expect(beyond).toEqual([]);
    });

    it('gives every role of the stack the stage’s permissions boundary', () => {
      const roles = ofType(run(), TYPES.role);
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect([role.inputs.name, role.inputs.permissionsBoundary]).toEqual([role.inputs.name, boundaryArn]);
    });

    it('creates IAM roles only with the boundary, which the deploy role cannot remove or rewrite', () => {
      const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/${names.function('processor')}-role`;
      for (const action of ['iam:CreateRole', 'iam:PutRolePolicy']) {
        expect(grantsOf(deployPolicy, action, roleArn).map((statement) => statement.Condition)).toEqual([{ StringEquals: { 'iam:PermissionsBoundary': boundaryArn } }]);
      }
      expect(denies(deployPolicy, 'iam:DeleteRolePermissionsBoundary', roleArn)).toBe(true);
      expect(denies(deployPolicy, 'iam:CreatePolicyVersion', boundaryArn)).toBe(true);
      expect(allows(deployPolicy, 'iam:CreateRole', `arn:aws:iam::${ACCOUNT_ID}:role/github-${names.prefix}-deploy`)).toBe(false);
    });

    it('lets the deploy role pass the stack’s roles to Lambda and EventBridge Scheduler only', () => {
      const services = ofType(run(), TYPES.role).map((role) => {
        const [trust] = (JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: { Principal: { Service: string } }[] }).Statement;
        const passes = grantsOf(deployPolicy, 'iam:PassRole', `arn:aws:iam::${ACCOUNT_ID}:role/${String(role.inputs.name)}`);
        return { service: trust?.Principal.Service, conditions: passes.map((statement) => statement.Condition) };
      });
      const onlyLambdaAndScheduler = { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'scheduler.amazonaws.com'] } };
      for (const { service, conditions } of services) {
        expect(conditions).toEqual([onlyLambdaAndScheduler]);
        expect(onlyLambdaAndScheduler.StringEquals['iam:PassedToService']).toContain(service);
      }
    });

    it('lets the deploy role write this stack’s state only', () => {
      expect(allows(deployPolicy, 's3:PutObject', `arn:aws:s3:::${STATE_BUCKET}/.pulumi/stacks/${PROJECT}/${stage}.json`)).toBe(true);
      expect(allows(deployPolicy, 's3:PutObject', `arn:aws:s3:::${STATE_BUCKET}/.pulumi/locks/organization/${PROJECT}/${stage}/lock.json`)).toBe(true);
      expect(allows(deployPolicy, 's3:PutObject', `arn:aws:s3:::${STATE_BUCKET}/.pulumi/stacks/${PROJECT}/${other}.json`)).toBe(false);
    });

    it('denies the preview role data reads: SSM values, DynamoDB items, SQS messages, logs, other stacks’ state', () => {
      const preview = renderSetup('preview-deny-data.json', stage);
      const table = at('dynamodb', `table/${names.table}`);
      for (const [action, resource] of [
        ['ssm:GetParameter', at('ssm', `parameter${names.parameter('api-token')}`)],
        ['ssm:GetParametersByPath', at('ssm', `parameter/${PROJECT}/${stage}`)],
        ['dynamodb:GetItem', table],
        ['dynamodb:Query', `${table}/index/by_status`],
        ['dynamodb:Scan', table],
        ['sqs:ReceiveMessage', at('sqs', names.deadLetterQueue)],
        ['logs:FilterLogEvents', at('logs', `log-group:/aws/lambda/${names.function('processor')}`)],
        ['lambda:GetFunctionConfiguration', at('lambda', `function:${names.function('processor')}`)],
        ['s3:GetObject', `arn:aws:s3:::${STATE_BUCKET}/.pulumi/stacks/${PROJECT}/${other}.json`],
      ]) {
        expect([action, denies(preview, action ?? '', resource ?? '')]).toEqual([action, true]);
      }
      expect(denies(preview, 's3:GetObject', `arn:aws:s3:::${STATE_BUCKET}/.pulumi/stacks/${PROJECT}/${stage}.json`)).toBe(false);
    });

    it('trusts each role only from its own GitHub environment, the ones deploy.yml runs in', () => {
      const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as { jobs: Record<string, { environment?: string }> };
      const environments = { deploy: workflow.jobs[`up-${stage}`]?.environment, preview: workflow.jobs.preview?.environment?.replace('${{ matrix.stack }}', stage) };
      expect(environments).toEqual({ deploy: stage, preview: `preview-${stage}` });
      for (const environment of Object.values(environments)) {
        const [trust] = renderSetup('trust-policy.json', stage, environment).Statement;
        expect(trust?.Condition).toEqual({
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `repo:${REPOSITORY}:environment:${environment}` },
        });
      }
    });
  });
}

import type { ProgramRun, RecordedResource } from './run-program';

export const TYPES = {
  table: 'aws:dynamodb/table:Table',
  tableItem: 'aws:dynamodb/tableItem:TableItem',
  topic: 'aws:sns/topic:Topic',
  subscription: 'aws:sns/topicSubscription:TopicSubscription',
  queue: 'aws:sqs/queue:Queue',
  queuePolicy: 'aws:sqs/queuePolicy:QueuePolicy',
  function: 'aws:lambda/function:Function',
  eventSourceMapping: 'aws:lambda/eventSourceMapping:EventSourceMapping',
  invokeConfig: 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig',
  permission: 'aws:lambda/permission:Permission',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  parameter: 'aws:ssm/parameter:Parameter',
  randomPassword: 'random:index/randomPassword:RandomPassword',
  schedule: 'aws:scheduler/schedule:Schedule',
  scheduleGroup: 'aws:scheduler/scheduleGroup:ScheduleGroup',
  api: 'aws:apigatewayv2/api:Api',
  route: 'aws:apigatewayv2/route:Route',
  integration: 'aws:apigatewayv2/integration:Integration',
  stage: 'aws:apigatewayv2/stage:Stage',
  alarm: 'aws:cloudwatch/metricAlarm:MetricAlarm',
  dashboard: 'aws:cloudwatch/dashboard:Dashboard',
  userPool: 'aws:cognito/userPool:UserPool',
  userGroup: 'aws:cognito/userGroup:UserGroup',
  userPoolClient: 'aws:cognito/userPoolClient:UserPoolClient',
  userPoolDomain: 'aws:cognito/userPoolDomain:UserPoolDomain',
  managedLoginBranding: 'aws:cognito/managedLoginBranding:ManagedLoginBranding',
} as const;

export type Inputs = Record<string, unknown>;

/** A nested input, e.g. `field<string[]>(api, 'corsConfiguration', 'allowOrigins')`. */
export function field<T>(inputs: Inputs, ...path: string[]): T {
  let value: unknown = inputs;
  for (const step of path) value = (value as Inputs | undefined)?.[step];
  return value as T;
}

export const ofType = (run: ProgramRun, type: string): RecordedResource[] => run.resources.filter((resource) => resource.type === type);

/** The inputs of the one resource of a type with a physical `name` (or logical name). */
export function named(run: ProgramRun, type: string, name: string): Inputs {
  const matches = ofType(run, type).filter((resource) => resource.inputs.name === name || resource.name === name);
  if (matches.length !== 1) {
    const seen = ofType(run, type).map((resource) => (typeof resource.inputs.name === 'string' ? resource.inputs.name : resource.name));
    throw new Error(`expected one ${type} named ${name}, found ${matches.length} (have: ${seen.join(', ')})`);
  }
  return matches[0]?.inputs as Inputs;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface NamedPolicy {
  owner: string;
  statements: PolicyStatement[];
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
export const actionsOf = (statement: PolicyStatement): string[] => list(statement.Action);
export const resourcesOf = (statement: PolicyStatement): string[] => list(statement.Resource);

/** Every IAM policy document the stack declares: role policies, trust policies, queue policies. */
export function policiesOf(run: ProgramRun): NamedPolicy[] {
  const parse = (owner: string, document: unknown): NamedPolicy => ({
    owner,
    statements: list((JSON.parse(String(document)) as { Statement: PolicyStatement | PolicyStatement[] }).Statement),
  });
  return [
    ...ofType(run, TYPES.rolePolicy).map((resource) => parse(`role policy ${resource.name}`, resource.inputs.policy)),
    ...ofType(run, TYPES.role).map((resource) => parse(`trust policy ${resource.name}`, resource.inputs.assumeRolePolicy)),
    ...ofType(run, TYPES.queuePolicy).map((resource) => parse(`queue policy ${resource.name}`, resource.inputs.policy)),
  ];
}

/** The statements of the role policy attached to the role named `roleName`. */
export function rolePolicyStatements(run: ProgramRun, roleName: string): PolicyStatement[] {
  const role = ofType(run, TYPES.role).find((resource) => resource.inputs.name === roleName);
  if (!role) throw new Error(`no role ${roleName}`);
  const policies = ofType(run, TYPES.rolePolicy).filter((resource) => resource.inputs.role === `${role.name}-id`);
  return policies.flatMap((policy) => list((JSON.parse(String(policy.inputs.policy)) as { Statement: PolicyStatement[] }).Statement));
}

/** A function's environment variables. */
export const envOf = (run: ProgramRun, functionName: string): Record<string, string> =>
  field<Record<string, string>>(named(run, TYPES.function, functionName), 'environment', 'variables');

import * as pulumi from '@pulumi/pulumi';
import { stackConfigValues } from './stack-config';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'eu-west-1';

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Options the engine is told about but the mocks are not handed. */
  options: { protect: boolean; retainOnDelete: boolean };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
}

/**
 * The mock monitor passes only type, name and inputs to `newResource`; this reads protect and
 * retainOnDelete off each registration request on its way to the mocks.
 */
function recordEngineOptions(): (type: string, name: string) => RecordedResource['options'] {
  const seen = new Map<string, RecordedResource['options']>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (request: RegisterRequest, callback: unknown) => unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    seen.set(`${request.getType()}::${request.getName()}`, { protect: request.getProtect() ?? false, retainOnDelete: request.getRetainondelete() ?? false });
    return register(request, callback);
  };
  return (type, name) => seen.get(`${type}::${name}`) ?? { protect: false, retainOnDelete: false };
}

export interface ProgramRun {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
}

const SERVICE_OF: Record<string, string> = {
  'aws:dynamodb/table:Table': 'dynamodb',
  'aws:sns/topic:Topic': 'sns',
  'aws:sqs/queue:Queue': 'sqs',
  'aws:lambda/function:Function': 'lambda',
  'aws:iam/role:Role': 'iam',
  'aws:ssm/parameter:Parameter': 'ssm',
  'aws:cloudwatch/logGroup:LogGroup': 'logs',
  'aws:apigatewayv2/api:Api': 'apigateway',
  'aws:scheduler/scheduleGroup:ScheduleGroup': 'scheduler',
};

/** What AWS would compute for a resource: ARNs, URLs, names, the way the real ones look. */
function computedState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const physical = typeof inputs.name === 'string' ? inputs.name : `${name}-generated`;
  const arn = (kind: string) => `arn:aws:${SERVICE_OF[type] ?? 'unknown'}:${REGION}:${ACCOUNT_ID}:${kind}${physical}`;
  switch (type) {
    case 'aws:dynamodb/table:Table':
      return { arn: arn('table/'), ...(inputs.streamEnabled ? { streamArn: `${arn('table/')}/stream/2026-03-01T00:00:00.000` } : {}) };
    case 'aws:sns/topic:Topic':
      return { arn: arn('') };
    case 'aws:sqs/queue:Queue':
      return { arn: arn(''), url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${physical}` };
    case 'aws:lambda/function:Function':
      return { arn: arn('function:'), invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/functions/${arn('function:')}/invocations` };
    case 'aws:iam/role:Role':
      return { arn: `arn:aws:iam::${ACCOUNT_ID}:role/${physical}` };
    case 'aws:ssm/parameter:Parameter':
      return { arn: `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter${physical}` };
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { arn: arn('log-group:') };
    case 'aws:apigatewayv2/api:Api':
      return { executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${name}-id`, apiEndpoint: `https://${name}-id.execute-api.${REGION}.amazonaws.com` };
    case 'aws:apigatewayv2/stage:Stage':
      return { invokeUrl: `https://api-id.execute-api.${REGION}.amazonaws.com/` };
    case 'aws:scheduler/scheduleGroup:ScheduleGroup':
      return { arn: arn('schedule-group/') };
    case 'random:index/randomPassword:RandomPassword':
      return { result: 'generated-token-0123456789abcdefghijklmnopqrstuv' };
    default:
      return {};
  }
}

export interface RunOptions {
  /** Config keys to add or replace (`namespace:key` → value as the CLI passes it). */
  overrides?: Record<string, string>;
  /** Config keys set as Pulumi secrets. */
  secrets?: Record<string, string>;
}

/**
 * Runs infra/index.ts under Pulumi's mocks for one stack and returns every resource it declared
 * (type, logical name, inputs) and its stack outputs. Call once per test file: the program is an
 * ES module, so it runs once per module registry.
 */
export async function runProgram(stage: string, options: RunOptions = {}): Promise<ProgramRun> {
  const resources: RecordedResource[] = [];
  pulumi.runtime.setAllConfig(
    { ...stackConfigValues(stage), ...options.overrides, ...options.secrets },
    Object.keys(options.secrets ?? {}),
  );
  let optionsOf: ReturnType<typeof recordEngineOptions> = () => ({ protect: false, retainOnDelete: false });
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs, options: optionsOf(args.type, args.name) });
        return { id: `${args.name}-id`, state: { ...inputs, ...computedState(args.type, args.name, inputs) } };
      },
      call: (args) => {
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') {
          return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci`, userId: 'AIDEXAMPLE', id: ACCOUNT_ID };
        }
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    'rez-agent',
    stage,
    false,
  );
  optionsOf = recordEngineOptions();

  const program = (await import('../../index')) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) {
    outputs[name] = pulumi.Output.isInstance(value) ? await new Promise((resolve) => value.apply(resolve)) : value;
  }
  // Every registration (and the policy documents built from outputs) has been answered.
  await pulumi.runtime.disconnect();
  return { resources, outputs };
}

/** How a secret input reaches the mocks: wrapped in Pulumi's secret signature, never bare. */
export const secretValue = (value: unknown) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });

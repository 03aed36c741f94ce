import { describe, expect, it } from '@jest/globals';
import { TYPES, actionsOf, envOf, field, named, ofType, rolePolicyStatements } from './helpers/resources';
import { describeStack } from './helpers/stack-suite';

// The dev stack as Pulumi.dev.yaml describes it, with no token secrets set.
const { run, prefix } = describeStack('dev');

describe('dev stack: its own settings', () => {
  it('allows any origin (dev only)', () => {
    expect(field<string[]>(named(run(), TYPES.api, `${prefix}-api`), 'corsConfiguration', 'allowOrigins')).toEqual(['*']);
  });

  it('generates the API token when none is configured', () => {
    expect(ofType(run(), TYPES.randomPassword)).toHaveLength(1);
  });

  it('creates no ntfy token parameter and gives the processor no SSM access without a ntfy token', () => {
    expect(ofType(run(), TYPES.parameter).map((parameter) => parameter.inputs.name)).toEqual(['/rez-agent/dev/api-token']);
    const variables = envOf(run(), `${prefix}-processor`);
    expect(variables.NTFY_TOKEN_PARAMETER).toBeUndefined();
    expect(rolePolicyStatements(run(), `${prefix}-processor-role`).flatMap(actionsOf).filter((action) => action.startsWith('ssm:'))).toEqual([]);
  });

  it('subscribes no e-mail to the alarms', () => {
    expect(ofType(run(), TYPES.subscription).map((resource) => resource.inputs.protocol)).toEqual(['sqs']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { TYPES, envOf, field, named, ofType, rolePolicyStatements } from './helpers/resources';
import { secretValue } from './helpers/run-program';
import { VALID_PROD } from './helpers/prod-values';
import { describeStack } from './helpers/stack-suite';

// The prod stack as Pulumi.prod.yaml describes it once its placeholders hold real values (the
// committed file is refused: prod-refused.test.ts), with both tokens set as Pulumi secrets.
const { 'rez-agent:ntfyToken': ntfyToken = '', ...settings } = VALID_PROD;
const { run, prefix } = describeStack('prod', { overrides: settings, secrets: { 'rez-agent:apiToken': 'prod-api-token', 'rez-agent:ntfyToken': ntfyToken } });

describe('prod stack: its own settings', () => {
  it('lists explicit CORS origins, never "*"', () => {
    const origins = field<string[]>(named(run(), TYPES.api, `${prefix}-api`), 'corsConfiguration', 'allowOrigins');
    expect(origins).toEqual(JSON.parse(VALID_PROD['rez-agent:corsOrigins'] ?? '[]'));
  });

  it('uses the configured API token instead of generating one', () => {
    expect(ofType(run(), TYPES.randomPassword)).toHaveLength(0);
    expect(named(run(), TYPES.parameter, '/rez-agent/prod/api-token').value).toEqual(secretValue('prod-api-token'));
  });

  it('stores the ntfy token in SSM and lets only the processor read it', () => {
    const parameter = named(run(), TYPES.parameter, '/rez-agent/prod/ntfy-token');
    expect(parameter).toMatchObject({ type: 'SecureString', value: secretValue(ntfyToken) });
    const variables = envOf(run(), `${prefix}-processor`);
    expect(variables.NTFY_TOKEN_PARAMETER).toBe('/rez-agent/prod/ntfy-token');
    expect(rolePolicyStatements(run(), `${prefix}-processor-role`)).toContainEqual(
      expect.objectContaining({ Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/rez-agent/prod/ntfy-token'] }),
    );
  });

  it('mails the alarms to the configured address', () => {
    expect(ofType(run(), TYPES.subscription).map((resource) => resource.inputs)).toContainEqual(
      expect.objectContaining({ protocol: 'email', endpoint: VALID_PROD['rez-agent:alarmEmail'], topic: `arn:aws:sns:eu-west-1:123456789012:${prefix}-alarms` }),
    );
  });

  it('sizes the processor bigger than dev', () => {
    expect(named(run(), TYPES.function, `${prefix}-processor`).memorySize).toBe(512);
  });
});

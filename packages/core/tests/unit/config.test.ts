import { describe, expect, it } from '@jest/globals';
import { ConfigError, FUNCTIONS, loadConfig, loadFunctionConfig, parseEnvValue, stackSetVariables } from '../../src/index';

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(['AWS_REGION', 'DYNAMODB_TABLE_NAME', 'LOG_LEVEL', 'MESSAGE_TTL_DAYS', 'MAX_RECEIVE_COUNT'], {});
    expect(config).toMatchObject({
      STAGE: 'dev',
      AWS_REGION: 'us-east-1',
      DYNAMODB_TABLE_NAME: 'rez-agent-messages-dev',
      LOG_LEVEL: 'info',
      MESSAGE_TTL_DAYS: 90,
      MAX_RECEIVE_COUNT: 3,
    });
  });

  it('derives the default table name from the stage', () => {
    expect(loadConfig(['DYNAMODB_TABLE_NAME'], { STAGE: 'prod' }).DYNAMODB_TABLE_NAME).toBe('rez-agent-messages-prod');
  });

  it.each([
    ['dev', { isDevelopment: true, isStaging: false, isProduction: false }],
    ['stage', { isDevelopment: false, isStaging: true, isProduction: false }],
    ['prod', { isDevelopment: false, isStaging: false, isProduction: true }],
  ])('stage %s sets the stage helpers', (stage, helpers) => {
    expect(loadConfig([], { STAGE: stage })).toMatchObject(helpers);
  });

  it('reads valid values', () => {
    const config = loadConfig(
      ['SNS_TOPIC_ARN', 'NTFY_URL', 'NTFY_TOKEN', 'CORS_ALLOWED_ORIGINS', 'MESSAGE_TTL_DAYS'],
      {
        SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:rez-agent-dev',
        NTFY_URL: 'https://ntfy.sh/my-topic',
        NTFY_TOKEN: 'tk_secret',
        CORS_ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:5173',
        MESSAGE_TTL_DAYS: '30',
      },
    );
    expect(config).toMatchObject({
      NTFY_TOKEN: 'tk_secret',
      CORS_ALLOWED_ORIGINS: ['https://a.example.com', 'http://localhost:5173'],
      MESSAGE_TTL_DAYS: 30,
    });
  });

  it('leaves optional variables undefined', () => {
    expect(loadConfig(['NTFY_TOKEN'], {}).NTFY_TOKEN).toBeUndefined();
  });

  it.each([
    ['STAGE', 'qa', 'STAGE must be one of dev, stage, prod'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent'],
    ['MESSAGE_TTL_DAYS', '0', 'MESSAGE_TTL_DAYS must be an integer from 1 to 3650'],
    ['MESSAGE_TTL_DAYS', '1.5', 'MESSAGE_TTL_DAYS must be an integer from 1 to 3650'],
    ['MESSAGE_TTL_DAYS', 'ninety', 'MESSAGE_TTL_DAYS must be an integer from 1 to 3650'],
    ['NTFY_URL', 'ntfy.sh/topic', 'NTFY_URL must be an absolute URL'],
    ['NTFY_URL', 'ftp://ntfy.sh/topic', 'NTFY_URL must be a https: or http: URL'],
    ['SNS_TOPIC_ARN', 'my-topic', 'SNS_TOPIC_ARN must be an SNS ARN'],
    ['CORS_ALLOWED_ORIGINS', 'https://a.example.com/path', 'CORS_ALLOWED_ORIGINS "https://a.example.com/path" is not an origin like https://app.example.com'],
  ] as const)('rejects %s=%s', (name, value, problem) => {
    expect(problemsOf(() => loadConfig([name], { [name]: value }))).toEqual([problem]);
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf(() =>
      loadConfig(['SNS_TOPIC_ARN', 'NTFY_URL', 'LOG_LEVEL'], { STAGE: 'qa', NTFY_URL: 'nope', LOG_LEVEL: 'x' }),
    );
    expect(problems).toEqual([
      'STAGE must be one of dev, stage, prod',
      'SNS_TOPIC_ARN is required',
      'NTFY_URL must be an absolute URL',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('does not report variables the function did not ask for', () => {
    expect(() => loadConfig(['LOG_LEVEL'], { NTFY_URL: 'nope' })).not.toThrow();
  });
});

describe('loadFunctionConfig', () => {
  it('reads exactly the variables the registry lists for the function', () => {
    const config = loadFunctionConfig('stream', { STAGE: 'prod', LOG_LEVEL: 'debug', NTFY_URL: 'not read, so not checked' });
    expect(Object.keys(config).filter((name) => /^[A-Z_]+$/.test(name)).sort()).toEqual([...FUNCTIONS.stream.environment, 'STAGE'].sort());
  });

  it('refuses a webapi with neither a plain API token nor its SSM parameter', () => {
    const wired = { SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:t', SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' };
    expect(problemsOf(() => loadFunctionConfig('webapi', wired))).toEqual([
      'REZ_API_TOKEN or REZ_API_TOKEN_PARAMETER is required',
    ]);
    expect(loadFunctionConfig('webapi', { ...wired, REZ_API_TOKEN_PARAMETER: '/p' }).REZ_API_TOKEN_PARAMETER).toBe('/p');
  });
});

describe('stackSetVariables', () => {
  it('leaves AWS_REGION to Lambda and the plain tokens to local runs', () => {
    expect(stackSetVariables('processor')).toEqual({
      required: ['STAGE', 'DYNAMODB_TABLE_NAME', 'SQS_QUEUE_URL', 'NTFY_URL', 'NTFY_TIMEOUT_MS', 'NTFY_MAX_ATTEMPTS', 'LOG_LEVEL', 'MAX_RECEIVE_COUNT', 'PROCESSING_LEASE_SECONDS', 'PROCESSOR_CONCURRENCY'],
      optional: ['NTFY_TOKEN_PARAMETER'],
    });
    expect(stackSetVariables('webapi').optional).toEqual(['REZ_API_TOKEN_PARAMETER', 'OIDC_ISSUER', 'OIDC_CLIENT_ID']);
  });
});

describe('parseEnvValue', () => {
  it('checks one value with the variable’s own parser', () => {
    expect(parseEnvValue('MAX_RECEIVE_COUNT', '5')).toBe(5);
    expect(() => parseEnvValue('MAX_RECEIVE_COUNT', '0')).toThrow('must be an integer from 1 to 1000');
    expect(() => parseEnvValue('LOG_LEVEL', 'loud')).toThrow('must be one of fatal, error, warn, info, debug, trace, silent');
  });
});

describe('the OIDC settings', () => {
  it('default to Cognito groups, the operators group and the openid scopes', () => {
    const config = loadConfig(['OIDC_ISSUER', 'OIDC_GROUPS_CLAIM', 'OIDC_OPERATOR_GROUP', 'OIDC_SCOPES'], {});
    expect(config.OIDC_ISSUER).toBeUndefined();
    expect(config).toMatchObject({ OIDC_GROUPS_CLAIM: 'cognito:groups', OIDC_OPERATOR_GROUP: 'operators', OIDC_SCOPES: ['openid', 'email', 'profile'] });
  });

  it('refuse an issuer that is not a URL and scopes without openid', () => {
    expect(problemsOf(() => loadConfig(['OIDC_ISSUER', 'OIDC_SCOPES'], { OIDC_ISSUER: 'cognito', OIDC_SCOPES: 'email,profile' }))).toEqual([
      'OIDC_ISSUER must be an absolute URL',
      'OIDC_SCOPES must include openid',
    ]);
  });
});

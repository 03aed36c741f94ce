import { describe, expect, test } from '@jest/globals';
import { loadFunctionConfig } from '@rez-agent/core';
import { SandboxError } from '../../src/errors';
import { functionEnvironment, type Endpoints } from '../../src/function-environment';
import { resolveSettings } from '../../src/settings';

const endpoints: Endpoints = {
  region: 'us-east-1',
  tableName: 'rez-agent-messages-dev',
  dynamoDbEndpoint: 'http://127.0.0.1:8000',
  messagingEndpoint: 'http://127.0.0.1:4566',
  topicArn: 'arn:aws:sns:us-east-1:000000000000:rez-agent-dev-messages',
  queueUrl: 'http://127.0.0.1:4566/000000000000/rez-agent-dev-processor',
  ntfyUrl: 'http://127.0.0.1:9000/rez-agent-dev',
  apiUrl: 'http://127.0.0.1:3000',
  oidc: { issuer: 'http://127.0.0.1:9100', jwksUrl: 'http://127.0.0.1:9100/jwks', clientId: 'rez-agent-console-local' },
};

const refusal = (env: Record<string, string>): string => {
  try {
    resolveSettings([], env);
  } catch (error) {
    if (error instanceof SandboxError) return error.message;
    throw error;
  }
  throw new Error('expected a SandboxError');
};

describe('the sandbox settings', () => {
  test('default to a short local loop', () => {
    expect(resolveSettings([], {})).toMatchObject({
      port: 3000,
      stage: 'dev',
      logLevel: 'info',
      visibilityTimeoutSeconds: 10,
      processingLeaseSeconds: 10,
      maxReceiveCount: 3,
      staleAfterMinutes: 1,
      ntfyTimeoutMs: 10_000,
      ntfyMaxAttempts: 3,
      corsOrigins: undefined,
      tickSeconds: undefined,
    });
  });

  test('run the tick on a faster clock only when asked, between 1 and 60 seconds', () => {
    expect(resolveSettings(['--tick-seconds', '5'], {}).tickSeconds).toBe(5);
    expect(() => resolveSettings(['--tick-seconds', '0'], {})).toThrow(/--tick-seconds/);
    expect(() => resolveSettings(['--tick-seconds', '61'], {})).toThrow(/--tick-seconds/);
  });

  test.each([
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud".'],
    [{ STAGE: 'qa' }, 'STAGE must be one of dev, stage, prod, got "qa".'],
    [{ MAX_RECEIVE_COUNT: '0' }, 'MAX_RECEIVE_COUNT must be an integer from 1 to 1000, got "0".'],
    [{ STALE_AFTER_MINUTES: 'soon' }, 'STALE_AFTER_MINUTES must be an integer from 1 to 10080, got "soon".'],
    [{ NTFY_TIMEOUT_MS: '50' }, 'NTFY_TIMEOUT_MS must be an integer from 100 to 60000, got "50".'],
    [{ CORS_ALLOWED_ORIGINS: 'https://a.example.com/app' }, 'CORS_ALLOWED_ORIGINS "https://a.example.com/app" is not an origin like https://app.example.com'],
    [{ NTFY_URL: 'https://ntfy.sh/' }, 'NTFY_URL must be an ntfy topic URL like https://ntfy.sh/<your-topic>, got "https://ntfy.sh/".'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000".'],
  ])('refuse %j with the rule the functions apply', (env, message) => {
    expect(refusal(env)).toContain(message);
  });

  test.each(['scheduler', 'processor', 'webapi'] as const)('give %s an environment its own config loader accepts', (fn) => {
    const environment = functionEnvironment(resolveSettings([], { REZ_API_TOKEN: 'local-token' }), endpoints);
    expect(() => loadFunctionConfig(fn, environment)).not.toThrow();
    expect(loadFunctionConfig(fn, environment)).toMatchObject({ STAGE: 'dev', DYNAMODB_TABLE_NAME: 'rez-agent-messages-dev' });
  });

  test('pass the settings on to the functions as the stack would name them', () => {
    const environment = functionEnvironment(resolveSettings([], { STALE_AFTER_MINUTES: '5', NTFY_MAX_ATTEMPTS: '2' }), endpoints);
    expect(environment).toMatchObject({ STALE_AFTER_MINUTES: '5', NTFY_MAX_ATTEMPTS: '2' });
    expect(loadFunctionConfig('webapi', environment)).toMatchObject({ OIDC_ISSUER: endpoints.oidc.issuer, OIDC_CLIENT_ID: endpoints.oidc.clientId, OIDC_JWKS_URL: endpoints.oidc.jwksUrl });
    // The functions send delayed records to the processor's queue; the CORS origins are the gateway's.
    expect(environment).toMatchObject({ SQS_QUEUE_URL: endpoints.queueUrl });
    expect(Object.keys(environment)).not.toEqual(expect.arrayContaining(['CORS_ALLOWED_ORIGINS']));
  });
});

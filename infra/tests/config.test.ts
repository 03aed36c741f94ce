import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SCHEDULES, FUNCTIONS } from '@rez-agent/core';
import { StackConfigError, parseStackConfig } from '../src/config';
import { VALID_PROD } from './helpers/prod-values';
import { stackConfigValues } from './helpers/stack-config';

const problemsOf = (stack: string, values: Record<string, string | undefined>): readonly string[] => {
  try {
    parseStackConfig({ stack, values });
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a StackConfigError');
};

const dev = (changes: Record<string, string | undefined> = {}) => ({ ...stackConfigValues('dev'), ...changes });
// The committed prod file keeps placeholders (refused below); these tests start from real values.
const prod = (changes: Record<string, string | undefined> = {}) => ({ ...stackConfigValues('prod'), ...VALID_PROD, ...changes });
const schedules = (list: unknown[]) => JSON.stringify(list);

describe('parseStackConfig', () => {
  it('reads the dev stack file with the Pulumi.yaml defaults', () => {
    const config = parseStackConfig({ stack: 'dev', values: dev() });
    expect(config).toMatchObject({
      stage: 'dev',
      region: 'eu-west-1',
      corsOrigins: ['*'],
      logRetentionDays: 14,
      processor: { timeoutSeconds: 60, batchSize: 10, maxConcurrency: 2, leaseSeconds: 120 },
      sweep: { expression: 'rate(5 minutes)', everyMinutes: 5, staleAfterMinutes: 15, limit: 100 },
      deletionProtection: false,
    });
    expect(config.schedules.map((schedule) => schedule.name)).toEqual(['daily-hello-world']);
  });

  it('turns deletion protection on in prod', () => {
    expect(parseStackConfig({ stack: 'prod', values: prod() }).deletionProtection).toBe(true);
  });

  it('refuses the committed prod file until its placeholders are replaced, naming each', () => {
    expect(problemsOf('prod', stackConfigValues('prod'))).toEqual([
      expect.stringContaining('rez-agent:ntfyUrl "https://ntfy.sh/rez-agent-prod-change-me" is a placeholder'),
      expect.stringContaining('rez-agent:alarmEmail "ops@example.com" is a placeholder address'),
      expect.stringContaining('rez-agent:corsOrigins entry "https://rez-agent.example.com" is a placeholder origin'),
    ]);
  });

  it('refuses a stack that does not pin its AWS account or tag its resources', () => {
    expect(problemsOf('dev', dev({ 'aws:allowedAccountIds': undefined, 'aws:defaultTags': undefined }))).toEqual([
      expect.stringContaining('aws:allowedAccountIds must list'),
      expect.stringContaining('aws:defaultTags must tag every resource with project: rez-agent, stage: dev'),
    ]);
  });

  it('uses one daily hello_world schedule when none is configured', () => {
    expect(parseStackConfig({ stack: 'dev', values: dev({ 'rez-agent:schedules': undefined }) }).schedules).toEqual(DEFAULT_SCHEDULES);
  });

  it.each<[string, string, Record<string, string | undefined>, string]>([
    ['a missing region', 'dev', { 'aws:region': undefined }, 'aws:region is required'],
    ['a malformed region', 'dev', { 'aws:region': 'Ireland' }, 'aws:region "Ireland" is not an AWS region'],
    ['a stack that is no stage', 'test', {}, 'the stack name "test" must be a stage: dev, stage, prod'],
    [
      'a bad cron',
      'dev',
      { 'rez-agent:schedules': schedules([{ name: 'nightly', expression: 'cron(0 2 * * *)' }]) },
      'rez-agent:schedules/0/expression: cron() needs 6 fields',
    ],
    [
      'a cron with both day fields set',
      'dev',
      { 'rez-agent:schedules': schedules([{ name: 'nightly', expression: 'cron(0 2 * * MON *)' }]) },
      'rez-agent:schedules/0/expression: exactly one of day-of-month ("*") and day-of-week ("MON") must be "?"',
    ],
    [
      'a bad rate unit',
      'dev',
      { 'rez-agent:schedules': schedules([{ name: 'often', expression: 'rate(10 seconds)' }]) },
      'rez-agent:schedules/0/expression: rate unit "seconds" must be minute(s), hour(s) or day(s)',
    ],
    [
      'a bad time zone',
      'dev',
      { 'rez-agent:schedules': schedules([{ name: 'nightly', expression: 'rate(1 day)', timezone: 'Europe/Atlantis' }]) },
      'rez-agent:schedules/0/timezone: "Europe/Atlantis" is not an IANA time zone',
    ],
    ['"*" CORS in prod', 'prod', { 'rez-agent:corsOrigins': '["*"]' }, 'rez-agent:corsOrigins must list the allowed origins in prod, not "*"'],
    ['no CORS origin in prod', 'prod', { 'rez-agent:corsOrigins': '[]' }, 'rez-agent:corsOrigins must list at least one origin in prod'],
    ['a CORS entry that is no origin', 'dev', { 'rez-agent:corsOrigins': '["example.com/app"]' }, 'entry "example.com/app" is not an origin'],
    ['a missing ntfy URL', 'dev', { 'rez-agent:ntfyUrl': undefined }, 'rez-agent:ntfyUrl is required'],
    ['a non-http ntfy URL', 'dev', { 'rez-agent:ntfyUrl': 'ftp://ntfy.sh/x' }, 'rez-agent:ntfyUrl must be a https: or http: URL, got "ftp://ntfy.sh/x"'],
    ['plain http ntfy in prod', 'prod', { 'rez-agent:ntfyUrl': 'http://ntfy.internal/x' }, 'rez-agent:ntfyUrl must use https in prod'],
    ['an unknown log level', 'dev', { 'rez-agent:logLevel': 'verbose' }, 'rez-agent:logLevel must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
    ['a retention CloudWatch does not offer', 'dev', { 'rez-agent:logRetentionDays': '10' }, 'rez-agent:logRetentionDays 10 is not a CloudWatch retention period'],
    ['a processor timeout over 15 minutes', 'dev', { 'rez-agent:processorTimeoutSeconds': '901' }, 'rez-agent:processorTimeoutSeconds must be an integer from 1 to 900, got "901"'],
    ['a non-numeric batch size', 'dev', { 'rez-agent:processorBatchSize': 'ten' }, 'rez-agent:processorBatchSize must be an integer from 1 to 10000, got "ten"'],
    ['maximum concurrency below 2', 'dev', { 'rez-agent:processorMaxConcurrency': '1' }, 'rez-agent:processorMaxConcurrency must be an integer from 2 to 1000'],
    [
      'a batch over 10 without a window',
      'dev',
      { 'rez-agent:processorBatchSize': '100', 'rez-agent:processorBatchingWindowSeconds': '0' },
      'must be at least 1 when processorBatchSize is over 10',
    ],
    ['a lease shorter than the timeout', 'dev', { 'rez-agent:processorLeaseSeconds': '30' }, 'rez-agent:processorLeaseSeconds (30) must be at least processorTimeoutSeconds (60)'],
    [
      'a lease outlasting the visibility timeout',
      'dev',
      { 'rez-agent:processorLeaseSeconds': '1000' },
      "rez-agent:processorLeaseSeconds (1000) must not exceed the queue's visibility timeout",
    ],
    ['a missing declared setting', 'dev', { 'rez-agent:maxReceiveCount': undefined }, 'rez-agent:maxReceiveCount is required'],
    ['a sweep that is not a rate in minutes', 'dev', { 'rez-agent:sweepExpression': 'rate(1 hour)' }, 'must be a rate in minutes'],
    ['a sweep every 0 minutes', 'dev', { 'rez-agent:sweepExpression': 'rate(0 minutes)' }, 'rez-agent:sweepExpression "rate(0 minutes)": rate value must be a positive whole number'],
    ['a sweep rate EventBridge refuses', 'dev', { 'rez-agent:sweepExpression': 'rate(1 minutes)' }, 'rate(1 minutes) must use the singular unit: rate(1 minute)'],
    ['a lease over the one the processor accepts', 'dev', { 'rez-agent:processorLeaseSeconds': '86401' }, 'rez-agent:processorLeaseSeconds must be an integer from 1 to 86400, got "86401"'],
    ['a ntfy URL the processor would refuse', 'dev', { 'rez-agent:ntfyUrl': 'ntfy.sh/x' }, 'rez-agent:ntfyUrl must be an absolute URL'],
    ['a malformed alarm e-mail', 'prod', { 'rez-agent:alarmEmail': 'ops' }, 'rez-agent:alarmEmail "ops" is not an e-mail address'],
    ['a misspelt key', 'dev', { 'rez-agent:corsOrigin': '[]' }, 'rez-agent:corsOrigin is not a setting of this project'],
  ])('rejects %s with a clear message', (_, stack, changes, message) => {
    const problems = problemsOf(stack, stack === 'prod' ? prod(changes) : dev(changes));
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf('dev', dev({ 'aws:region': undefined, 'rez-agent:logLevel': 'loud', 'rez-agent:schedules': '[{"name":"Bad name"}]' }));
    expect(problems).toHaveLength(4);
    expect(() => parseStackConfig({ stack: 'dev', values: dev({ 'aws:region': undefined }) })).toThrow(/invalid stack configuration:\n {2}- aws:region is required/);
  });

  it('declares in Pulumi.yaml the processor size the registry declares', () => {
    const { processor } = parseStackConfig({ stack: 'dev', values: dev() });
    expect({ memoryMb: processor.memoryMb, timeoutSeconds: processor.timeoutSeconds }).toEqual({
      memoryMb: FUNCTIONS.processor.memoryMb,
      timeoutSeconds: FUNCTIONS.processor.timeoutSeconds,
    });
  });

  it('accepts the secret keys without reading them', () => {
    const config = parseStackConfig({ stack: 'dev', values: dev({ 'rez-agent:apiToken': 'a', 'rez-agent:ntfyToken': 'b' }) });
    expect(JSON.stringify(config)).not.toMatch(/"a"|"b"/);
  });
});

describe('the sign-in settings', () => {
  it('default to the console alone, Cognito threat protection off', () => {
    expect(parseStackConfig({ stack: 'dev', values: dev() }).signIn).toEqual({ callbackUrls: [], logoutUrls: [], advancedSecurity: false });
  });

  it('take more callback URLs, a domain prefix and threat protection', () => {
    const signIn = parseStackConfig({
      stack: 'dev',
      values: dev({
        'rez-agent:signInCallbackUrls': '["http://localhost:5173/console/"]',
        'rez-agent:signInDomainPrefix': 'rez-dev-login',
        'rez-agent:signInAdvancedSecurity': 'true',
      }),
    }).signIn;
    expect(signIn).toEqual({ callbackUrls: ['http://localhost:5173/console/'], logoutUrls: [], domainPrefix: 'rez-dev-login', advancedSecurity: true });
  });

  it('refuse a plain-http callback off localhost, a bad domain prefix and a non-boolean', () => {
    expect(
      problemsOf('dev', dev({ 'rez-agent:signInLogoutUrls': '["http://example.com/"]', 'rez-agent:signInDomainPrefix': 'My_Domain', 'rez-agent:signInAdvancedSecurity': 'yes' })),
    ).toEqual([
      'rez-agent:signInDomainPrefix "My_Domain" must be lower-case letters, digits and hyphens (a Cognito domain prefix)',
      'rez-agent:signInAdvancedSecurity must be true or false, got "yes"',
      'rez-agent:signInLogoutUrls entry "http://example.com/" must be an https URL (or http://localhost)',
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { deploymentProblems } from '../src/deployment-guards';
import { VALID_PROD } from './helpers/prod-values';
import { stackConfigValues } from './helpers/stack-config';

const dev = (changes: Record<string, string | undefined> = {}) => ({ ...stackConfigValues('dev'), ...changes });
const prod = (changes: Record<string, string | undefined> = {}) => ({ ...stackConfigValues('prod'), ...VALID_PROD, ...changes });

describe('deploymentProblems', () => {
  it('passes the committed dev stack file', () => {
    expect(deploymentProblems(dev(), 'dev')).toEqual([]);
  });

  it('refuses the committed prod stack file: its ntfy URL, CORS origin and alarm e-mail are placeholders', () => {
    expect(deploymentProblems(stackConfigValues('prod'), 'prod')).toEqual([
      expect.stringContaining('rez-agent:ntfyUrl "https://ntfy.sh/rez-agent-prod-change-me" is a placeholder'),
      expect.stringContaining('rez-agent:alarmEmail "ops@example.com" is a placeholder address'),
      expect.stringContaining('rez-agent:corsOrigins entry "https://rez-agent.example.com" is a placeholder origin'),
    ]);
  });

  it('passes prod with real values and a protected topic', () => {
    expect(deploymentProblems(prod(), 'prod')).toEqual([]);
  });

  it('refuses a public ntfy.sh topic in prod without a token, unless a public topic is asked for', () => {
    const publicTopic = { 'rez-agent:ntfyToken': undefined, 'rez-agent:ntfyUrl': 'https://ntfy.sh/rez-agent-alerts-q7x2' };
    expect(deploymentProblems(prod(publicTopic), 'prod')).toEqual([expect.stringContaining('is a public ntfy.sh topic')]);
    expect(deploymentProblems(prod({ ...publicTopic, 'rez-agent:ntfyPublicTopic': 'true' }), 'prod')).toEqual([]);
    expect(deploymentProblems(prod({ ...publicTopic, 'rez-agent:ntfyUrl': 'https://ntfy.internal.rez-agent.dev/alerts' }), 'prod')).toEqual([]);
  });

  it('lets dev use a public topic and placeholder values', () => {
    expect(deploymentProblems(dev({ 'rez-agent:ntfyUrl': 'https://ntfy.sh/anything', 'rez-agent:alarmEmail': 'me@example.com' }), 'dev')).toEqual([]);
  });

  it.each<[string, string | undefined]>([
    ['missing', undefined],
    ['empty', '[]'],
    ['not an account id', '["my-account"]'],
    ['not a list', '"123456789012"'],
  ])('refuses allowedAccountIds that is %s', (_, value) => {
    expect(deploymentProblems(dev({ 'aws:allowedAccountIds': value }), 'dev')).toEqual([expect.stringContaining('aws:allowedAccountIds must list')]);
  });

  it.each<[string, string | undefined, string]>([
    ['missing', undefined, 'project: rez-agent, stage: dev'],
    ['tagged for another stage', JSON.stringify({ tags: { project: 'rez-agent', stage: 'prod' } }), 'stage: dev'],
  ])('refuses default tags that are %s', (_, value, named) => {
    expect(deploymentProblems(dev({ 'aws:defaultTags': value }), 'dev')).toEqual([expect.stringContaining(`aws:defaultTags must tag every resource with ${named}`)]);
  });

  it('refuses a ntfyPublicTopic that is not a boolean', () => {
    expect(deploymentProblems(dev({ 'rez-agent:ntfyPublicTopic': 'yes' }), 'dev')).toEqual(['rez-agent:ntfyPublicTopic must be true or false']);
  });
});

import { describe, expect, it } from '@jest/globals';
import { ENV_VARS, FUNCTIONS, FUNCTION_NAMES, bundleFile, defaultTableName, functionHandler, functionsOfPackage, stageNames } from '../../src/index';

describe('the deployment registry', () => {
  it('names every resource of a stage rez-agent-<stage>-…, the stack’s queues -messages and -messages-dlq', () => {
    const names = stageNames('prod');
    expect(names).toMatchObject({
      table: 'rez-agent-messages-prod',
      topic: 'rez-agent-prod-messages',
      queue: 'rez-agent-prod-messages',
      deadLetterQueue: 'rez-agent-prod-messages-dlq',
      scheduleDeadLetterQueue: 'rez-agent-prod-schedules-dlq',
    });
    expect(names.function('stream')).toBe('rez-agent-prod-stream');
    expect(names.parameter('api-token')).toBe('/rez-agent/prod/api-token');
    expect(defaultTableName('dev')).toBe('rez-agent-messages-dev');
  });

  it('declares scheduler, processor, webapi and stream', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it.each(FUNCTION_NAMES)('%s reads only variables core defines, each once', (fn) => {
    const environment: readonly string[] = FUNCTIONS[fn].environment;
    expect(environment.filter((name) => !(name in ENV_VARS))).toEqual([]);
    expect(new Set(environment).size).toBe(environment.length);
  });

  it('gives each function its own bundle file, whose export Lambda calls', () => {
    const files = FUNCTION_NAMES.map(bundleFile);
    expect(new Set(files).size).toBe(FUNCTION_NAMES.length);
    expect(bundleFile('webapi')).toBe('packages/webapi/dist/index.mjs');
    expect(functionHandler('webapi')).toBe('index.handler');
  });

  it('tells the bundler which functions a package builds', () => {
    expect(functionsOfPackage('processor')).toEqual(['processor']);
    expect(functionsOfPackage('console')).toEqual([]);
  });
});

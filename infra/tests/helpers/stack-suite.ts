import { beforeAll } from '@jest/globals';
import { parseStackConfig, type StackConfig } from '../../src/config';
import { runProgram, type ProgramRun, type RunOptions } from './run-program';
import { stackConfigValues } from './stack-config';
import { describeDeploySetup } from './suites/deploy-setup';
import { describeEntryPoints } from './suites/entry-points';
import { describeFunctionInputs } from './suites/function-inputs';
import { describeFunctions } from './suites/functions';
import { describeIam } from './suites/iam';
import { describeMonitoring } from './suites/monitoring';
import { describeSignIn } from './suites/sign-in';
import { describeStorageAndMessaging } from './suites/storage-and-messaging';

export interface StackUnderTest {
  run: () => ProgramRun;
  config: StackConfig;
  prefix: string;
}

/**
 * Runs the program once for `stage` (its real Pulumi.<stage>.yaml) and declares the checks every
 * stage must pass. Returns accessors for the stage's own test file to add its specific checks.
 */
export function describeStack(stage: 'dev' | 'prod', options: RunOptions = {}): StackUnderTest {
  let result: ProgramRun | undefined;
  const run = () => {
    if (!result) throw new Error('the program has not run');
    return result;
  };
  const config = parseStackConfig({ stack: stage, values: { ...stackConfigValues(stage), ...options.overrides, ...options.secrets } });
  const prefix = `rez-agent-${stage}`;

  beforeAll(async () => {
    result = await runProgram(stage, options);
  });

  const stack = { stage, run, config, prefix };
  describeStorageAndMessaging(stack);
  describeFunctions(stack);
  describeFunctionInputs(stack);
  describeIam(stack);
  describeEntryPoints(stack);
  describeMonitoring(stack);
  describeDeploySetup(stack);
  describeSignIn(stack);

  return { run, config, prefix };
}

import type { Context } from 'aws-lambda';
import { lambdaContext as runtimeContext } from '@rez-agent/emulators';
import { DEV_NAMES, TEST_ACCOUNT } from './names';

export interface LambdaContextOptions {
  functionName?: string;
  /** The function's configured timeout; getRemainingTimeInMillis counts down from it. */
  timeoutMs?: number;
}

/** A Lambda context as the runtime passes it (the sandbox's own), in the tests' account. */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  return runtimeContext({
    functionName: options.functionName ?? DEV_NAMES.function.webapi,
    accountId: TEST_ACCOUNT,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

import type { Context } from 'aws-lambda';
import { lambdaContext as runtimeContext } from '@rez-agent/emulators';

export interface LambdaContextOptions {
  functionName?: string;
  /** The function's configured timeout; getRemainingTimeInMillis counts down from it. */
  timeoutMs?: number;
}

/** A Lambda context as the runtime passes it (the sandbox's own), in the tests' account. */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  return runtimeContext({
    functionName: options.functionName ?? 'rez-agent-dev-function',
    accountId: '123456789012',
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

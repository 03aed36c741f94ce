import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface LambdaContextOptions {
  functionName: string;
  region?: string;
  accountId?: string;
  memoryMb?: number;
  /** The function's configured timeout; getRemainingTimeInMillis counts down from now. */
  timeoutMs?: number;
}

/**
 * A Lambda context as the nodejs runtime passes it, whose remaining time counts down from the
 * timeout. The legacy callback methods throw: rez-agent handlers return promises.
 */
export function lambdaContext(options: LambdaContextOptions): Context {
  const { functionName, region = 'us-east-1', accountId = '000000000000', memoryMb = 256 } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const unsupported = (what: string) => () => {
    throw new Error(`context.${what}() is the legacy callback API; rez-agent handlers return promises`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}

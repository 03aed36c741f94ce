import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { FUNCTIONS, stageNames, type Stage } from '@rez-agent/core';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '@rez-agent/emulators';
import { SandboxError } from './errors';

/** The functions the sandbox runs, the table-stream consumer included (DynamoDB Local has a stream). */
export type FunctionName = 'scheduler' | 'processor' | 'webapi' | 'stream';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A deployed function as the sandbox runs it: one entry point, a Lambda-like invoke. */
export interface LambdaFunction {
  readonly name: string;
  invoke(event: unknown): Promise<unknown>;
}

/** Lambda stops a handler at its timeout; the sandbox cannot stop it, but fails the invocation. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

const resolver = createRequire(import.meta.url);

/** The deploy bundle of a function, as its package exports it (`@rez-agent/<name>/bundle`). */
export function bundlePath(name: FunctionName): string {
  const specifier = `@rez-agent/${name}/bundle`;
  try {
    return resolver.resolve(specifier);
  } catch (error) {
    throw new SandboxError(`${specifier} is missing: build the functions first (npm start does, or npm run build).`, { cause: error });
  }
}

/**
 * Imports a function's real deploy bundle. process.env must already hold its configuration:
 * the bundle reads it at import (cold start), as it does on Lambda.
 */
export async function loadFunction(
  name: FunctionName,
  options: { stage: Stage; region: string; timeoutSeconds?: number },
): Promise<LambdaFunction> {
  const path = bundlePath(name);
  if (!existsSync(path)) {
    throw new SandboxError(`${path} is missing: build the functions first (npm start does, or npm run build).`);
  }
  const module = (await import(pathToFileURL(path).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new SandboxError(`${path} does not export a handler function.`);
  const handler = module.handler as Handler;
  // Named and sized as the stack does (core's registry), so a slow handler fails here too and log
  // lines read the same locally and in CloudWatch. The sandbox shortens the processor's timeout to
  // its local lease, keeping the stack's rule that a lease outlasts the invocation.
  const functionName = stageNames(options.stage).function(name);
  const { memoryMb } = FUNCTIONS[name];
  const timeoutSeconds = options.timeoutSeconds ?? FUNCTIONS[name].timeoutSeconds;

  return {
    name: functionName,
    async invoke(event) {
      const context = lambdaContext({ functionName, region: options.region, memoryMb, timeoutMs: timeoutSeconds * 1000 });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new FunctionTimeoutError(`${functionName} timed out after ${timeoutSeconds} seconds (request ${context.awsRequestId})`)),
          timeoutSeconds * 1000,
        );
      });
      try {
        return await Promise.race([handler(event, context), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

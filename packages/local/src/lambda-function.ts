import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '@rez-agent/emulators';
import { SandboxError } from './errors';

export type FunctionName = 'scheduler' | 'processor' | 'webapi';

/**
 * Lambda's limits for each function, the stack's defaults (infra/src/components/functions.ts and
 * Pulumi.yaml), so a slow handler fails here too. The sandbox shortens the processor's to its
 * local lease, keeping the stack's rule that a lease outlasts the invocation.
 */
export const FUNCTION_SETTINGS: Record<FunctionName, { timeoutSeconds: number; memoryMb: number }> = {
  scheduler: { timeoutSeconds: 60, memoryMb: 256 },
  processor: { timeoutSeconds: 60, memoryMb: 256 },
  webapi: { timeoutSeconds: 15, memoryMb: 256 },
};

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
  options: { stage: string; region: string; timeoutSeconds?: number },
): Promise<LambdaFunction> {
  const path = bundlePath(name);
  if (!existsSync(path)) {
    throw new SandboxError(`${path} is missing: build the functions first (npm start does, or npm run build).`);
  }
  const module = (await import(pathToFileURL(path).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new SandboxError(`${path} does not export a handler function.`);
  const handler = module.handler as Handler;
  // Named as the stack names them, so log lines read the same locally and in CloudWatch.
  const functionName = `rez-agent-${options.stage}-${name}`;
  const { memoryMb } = FUNCTION_SETTINGS[name];
  const timeoutSeconds = options.timeoutSeconds ?? FUNCTION_SETTINGS[name].timeoutSeconds;

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

import { buildDependencies } from './dependencies';
import { makeHandler } from './make-handler';

/** The Lambda entry point: dependencies built once per cold start, reused by every invocation. */
export const handler = makeHandler(buildDependencies());

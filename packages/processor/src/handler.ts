import { buildDependencies } from './dependencies';
import { makeHandler } from './make-handler';

/** The Lambda entry point (dist/index.mjs): real dependencies built once per cold start; SQS batches in, partial batch failures out. */
export const handler = makeHandler(buildDependencies());

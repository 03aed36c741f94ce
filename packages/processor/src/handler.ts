import { dependencies } from './dependencies';
import { makeHandler } from './make-handler';

/** The Lambda entry point (dist/index.mjs): SQS batches in, partial batch failures out. */
export const handler = makeHandler(dependencies);

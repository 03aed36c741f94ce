import { buildDependencies } from './dependencies';
import { makeHandler } from './make-handler';

/**
 * The Lambda entry point (dist/index.mjs): fed the table's stream, filtered to TTL deletions;
 * real dependencies built once on import (cold start).
 */
export const handler = makeHandler(buildDependencies());

import { buildDependencies } from './dependencies';
import { makeHandler } from './make-handler';

/**
 * The Lambda entry point (dist/index.mjs): fed every message change of the table's stream, it
 * keeps the metrics; real dependencies built once on import (cold start).
 */
export const handler = makeHandler(buildDependencies());

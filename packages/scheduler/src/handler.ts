import { buildDependencies } from './dependencies';
import { makeHandler } from './make-handler';

/** The Lambda entry point: real dependencies, built once when the module loads (cold start). */
export const handler = makeHandler(buildDependencies());

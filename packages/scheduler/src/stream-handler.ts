import { makeStreamHandler } from './make-stream-handler';
import { buildStreamDependencies } from './stream-dependencies';

/**
 * The Lambda entry point of the expiry function (bundled to dist/stream.mjs): fed the table's
 * stream, filtered to TTL deletions; real dependencies built once on import (cold start).
 */
export const handler = makeStreamHandler(buildStreamDependencies());

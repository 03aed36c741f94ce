// For the sandbox and tests: build the handler from your own dependencies. The Lambda entry
// point is handler.ts, which builds the real ones on import.
export { makeHandler, type SchedulerHandler } from './make-handler';
export { buildDependencies, SCHEDULER_ENV } from './dependencies';
export { scheduleIdempotencyKey } from './run-schedule';
// The expiry function (dist/stream.mjs): DynamoDB stream → TTL deletions subtracted from the metrics.
export { makeStreamHandler, isTtlDeletion, type StreamHandler } from './make-stream-handler';
export { buildStreamDependencies, EXPIRY_ENV } from './stream-dependencies';
export type * from './types';

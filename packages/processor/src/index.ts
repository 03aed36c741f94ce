// The processor as a library: for tests and the sandbox, which build their own dependencies.
export { makeHandler, type ProcessorHandler } from './make-handler';
export { buildDependencies, PROCESSOR_ENV, DEADLINE_MARGIN_MS, type ProcessorConfig, type ProcessorIo } from './build-dependencies';
export type { DeliverySession, ProcessorDependencies, ProcessorSettings } from './processor-dependencies';
export { readQueueRecord, type QueueRecordReading } from './queue-record';

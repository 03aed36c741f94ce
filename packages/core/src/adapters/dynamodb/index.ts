export {
  DynamoDbMessageRepository,
  type DynamoDbMessageRepositoryOptions,
  type RepositoryOperation,
} from './repository';
export { DynamoDbMetricsLedger, type DynamoDbMetricsLedgerOptions } from './metrics-ledger';
export { CapacityReporter, type CapacityListener } from './capacity';
/** For consumers of the table's stream, which see raw items: which are messages, and their Message. */
export { fromMessageItem, isMessageItem } from './item';
export { messageChangesOf, type ReadChanges, type StreamRecordLike } from './stream-change';
export { DynamoDbScheduleRepository, type DynamoDbScheduleRepositoryOptions } from './schedule-repository';
export { RESET_DUE_PREFIX, SCHEDULE_PARTITION, isScheduleItem, scheduleView, stackScheduleItem, stackScheduleTableItem } from './schedule-item';
export { syncStackSchedules } from './stack-schedules';

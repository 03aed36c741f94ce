export type * from './message-repository';
export type * from './message-publisher';
export type * from './notifier';
export type * from './metrics-ledger';
export type * from './delivery-queue';
export type * from './schedule-repository';

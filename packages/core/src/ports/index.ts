export type * from './message-repository';
export type * from './message-publisher';
export type * from './notifier';

export * from './errors';
export * from './message/index';
export * from './table';
export type * from './ports/index';

export * from './errors';
export * from './message/index';
export * from './table';
export type * from './ports/index';
export * from './schemas/index';
export * from './config';
export * from './logger';
export * from './log-messages';
export * from './usecases/index';

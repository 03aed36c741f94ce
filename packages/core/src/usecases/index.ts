export * from './create-message';
export * from './publish-message';
export * from './retry-message';
export * from './sweep-stale';
export * from './deliver-message';
export * from './forget-expired';

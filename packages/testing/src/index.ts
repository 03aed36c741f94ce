export * from './ntfy-server';
export * from './messaging';
export * from './dynamodb';
export * from './events/api-gateway';
export * from './events/scheduler';

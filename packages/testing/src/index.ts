export * from './ntfy-server';
export * from './messaging';
export * from './dynamodb';

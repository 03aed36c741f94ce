export * from './ntfy-server';
export * from './messaging';
export * from './dynamodb';
export * from './events/lambda-context';
export * from './events/scheduler';
export * from './events/sqs';
export * from './events/api-gateway';
export * from './events/dynamodb-stream';

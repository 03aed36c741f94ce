export { startDynamoDbLocal, assertJava, dynamoDbLocalJar, type DynamoDbLocal, type DynamoDbLocalOptions } from './dynamodb-local';
export { startMessaging, type Messaging, type MessagingOptions } from './messaging';
export { freePort, assertPortFree, waitForHttp } from './net';
export { EmulatorError } from './errors';

export { startDynamoDbLocal, assertJava, dynamoDbLocalJar, type DynamoDbLocal, type DynamoDbLocalOptions } from './dynamodb-local';
export { startMessaging, type Messaging, type MessagingNames, type MessagingOptions } from './messaging';
export { freePort, assertPortFree, waitForHttp } from './net';
export { EmulatorError } from './errors';
export { lambdaContext, type LambdaContextOptions } from './lambda/context';
export { apiGatewayEventV2, gatewayRequestId, isTextBody, type GatewayRequest } from './lambda/api-gateway-event';
export { sqsEventFromMessages, sqsRecordFromMessage, SNS_SENDER_ID, type QueueIdentity } from './lambda/sqs-event';
export { TableStreamReader, type StreamBatch, type TableStreamReaderOptions } from './dynamodb-stream';
export { LOCAL_USERS, startOidcProvider, type LocalUser, type LocalUserName, type OidcProvider, type OidcProviderOptions } from './oidc-provider';

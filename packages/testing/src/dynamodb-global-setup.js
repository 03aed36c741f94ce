// One DynamoDB Local per jest run; its endpoint reaches the test workers through the env.
import { startDynamoDbLocal } from '@rez-agent/emulators';

export default async function setup() {
  const ddb = await startDynamoDbLocal();
  globalThis.__REZ_DYNAMODB_LOCAL__ = ddb;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = ddb.endpoint;
}

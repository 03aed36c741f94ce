/**
 * On-demand list prices, AWS us-east-1 (N. Virginia), in USD, as published in 2025; free tiers
 * left out. The one place the cost benchmark takes prices from.
 */
export const REGION = 'us-east-1';

export const PRICES = {
  /** API Gateway HTTP API, per request (first 300 million a month). */
  apiGatewayHttpRequest: 1.0 / 1e6,
  /** Lambda, per request. */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda on arm64, per GB-second. */
  lambdaGbSecond: 0.0000133334,
  /** SNS standard topic, per publish (64 KB chunk); delivery to SQS is free. */
  snsPublish: 0.5 / 1e6,
  /** SQS standard queue, per request (64 KB chunk). */
  sqsRequest: 0.4 / 1e6,
  /** DynamoDB on-demand, per write request unit. */
  dynamoDbWriteUnit: 0.625 / 1e6,
  /** DynamoDB on-demand, per read request unit. */
  dynamoDbReadUnit: 0.125 / 1e6,
  /** DynamoDB Standard table class storage, per GB-month. */
  dynamoDbGbMonth: 0.25,
} as const;

/** QStash's list price: $1 per 100,000 messages. */
export const QSTASH_PER_MILLION = 10;

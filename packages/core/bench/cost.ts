import { PRICES, QSTASH_PER_MILLION, REGION } from './prices';

/** What one delivered notification asks of each AWS service. */
export interface RequestCounts {
  apiRequests: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  snsPublishes: number;
  sqsRequests: number;
  writeUnits: number;
  readUnits: number;
  /** Bytes kept for the retention period. */
  storedBytes: number;
  retentionMonths: number;
}

/** The all-in AWS cost of a million delivered notifications, by service, in USD. */
export function costPerMillion(counts: RequestCounts): Record<string, number> {
  const million = 1e6;
  const lines = {
    'API Gateway (HTTP API)': counts.apiRequests * PRICES.apiGatewayHttpRequest * million,
    'Lambda requests': counts.lambdaInvocations * PRICES.lambdaRequest * million,
    'Lambda GB-s': counts.lambdaGbSeconds * PRICES.lambdaGbSecond * million,
    SNS: counts.snsPublishes * PRICES.snsPublish * million,
    SQS: counts.sqsRequests * PRICES.sqsRequest * million,
    'DynamoDB writes': counts.writeUnits * PRICES.dynamoDbWriteUnit * million,
    'DynamoDB reads': counts.readUnits * PRICES.dynamoDbReadUnit * million,
    'DynamoDB storage': ((counts.storedBytes * million) / 1e9) * PRICES.dynamoDbGbMonth * counts.retentionMonths,
  };
  return { ...lines, total: Object.values(lines).reduce((sum, value) => sum + value, 0) };
}

export function printCost(title: string, counts: RequestCounts): void {
  const cost = costPerMillion(counts);
  console.log(`\n${title} — AWS cost per million delivered notifications (${REGION}, on-demand list prices, bench/prices.ts):`);
  for (const [line, usd] of Object.entries(cost)) console.log(`  ${line.padEnd(24)} $${usd.toFixed(2)}`);
  console.log(`  ${'QStash list price'.padEnd(24)} $${QSTASH_PER_MILLION.toFixed(2)}`);
}

import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CapacityAccess, CapacityReporter } from './capacity';

type Reported = { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };

/** The table and client every adapter request goes through, with capacity reporting when asked for. */
export class TableClient {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly capacity: CapacityReporter | undefined,
  ) {}

  /** Sends one request built with `extra` (ReturnConsumedCapacity when reporting) and reports what it consumed. */
  async send<Output extends Reported>(
    operation: string,
    request: (extra: { ReturnConsumedCapacity?: 'INDEXES' }) => Promise<Output>,
    access: CapacityAccess = 'write',
  ): Promise<Output> {
    const output = await request(this.capacity?.request() ?? {});
    this.capacity?.report(operation, output.ConsumedCapacity, access);
    return output;
  }
}

import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/** Whether a request read or wrote: DynamoDB reports both as CapacityUnits. */
export type CapacityAccess = 'read' | 'write';
export type CapacityListener = (operation: string, capacity: readonly ConsumedCapacity[], access: CapacityAccess) => void;

/**
 * Asks every request for its ConsumedCapacity, table and indexes apart (INDEXES: the read and
 * write units are then reported separately), and hands the answers to a listener (benchmarks).
 */
export class CapacityReporter {
  readonly #listener: CapacityListener;

  constructor(listener: CapacityListener) {
    this.#listener = listener;
  }

  request(): { ReturnConsumedCapacity: 'INDEXES' } {
    return { ReturnConsumedCapacity: 'INDEXES' };
  }

  report(operation: string, capacity: ConsumedCapacity | readonly ConsumedCapacity[] | undefined, access: CapacityAccess): void {
    if (capacity === undefined) return;
    this.#listener(operation, Array.isArray(capacity) ? capacity : [capacity as ConsumedCapacity], access);
  }
}

import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import pRetry from 'p-retry';

/*
 * TransactWriteItems reports why it was cancelled as one reason per item, in request order
 * (`None` for the items that were fine). These helpers read them by name rather than by
 * `instanceof`, so they work whichever copy of the SDK built the injected client.
 */

/** The per-item reasons of a cancelled transaction, or undefined for any other error. */
export function cancellationReasons(error: unknown): readonly CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return reasons ?? [];
}

export const failedCondition = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed';

/** Another transaction touched one of our items at the same moment: safe to try again. */
export function isTransactionConflict(error: unknown): boolean {
  return cancellationReasons(error)?.some((reason) => reason.Code === 'TransactionConflict') ?? false;
}

/** `ConditionalCheckFailedException` from a single-item write. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** The status in an ALL_OLD image returned with a failed condition, when there was an item. */
export const oldStatus = (item: CancellationReason['Item'] | Record<string, unknown> | undefined): string | undefined => {
  const status = item?.status as { S?: string } | string | undefined;
  return typeof status === 'string' ? status : status?.S;
};

/**
 * Runs a transaction, retrying only TransactionConflict cancellations: a few attempts with
 * small jittered exponential backoff, because the competing transaction finishes in milliseconds.
 */
export function withConflictRetry<T>(transaction: () => Promise<T>): Promise<T> {
  return pRetry(transaction, {
    retries: 5,
    minTimeout: 10,
    maxTimeout: 200,
    factor: 2,
    randomize: true,
    shouldRetry: ({ error }) => isTransactionConflict(error),
  });
}

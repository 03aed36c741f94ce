import pLimit from 'p-limit';

/**
 * Runs `task` for every item, at most `concurrency` at once, and settles each on its own: one
 * failure never stops the others, and the outcomes come back in the order of `items`. p-limit
 * rather than a home-made pool: bounding is its whole job and it is well kept.
 */
export function settleEach<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const limit = pLimit(concurrency);
  return Promise.allSettled(items.map((item, index) => limit(() => task(item, index))));
}

/** Lambda's answer to a batch under ReportBatchItemFailures (SQS and DynamoDB streams alike). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** The batch answer naming the records to hand out again (SQS message ids, stream sequence numbers). */
export function batchResponse(failedIdentifiers: Iterable<string>): BatchResponse {
  return { batchItemFailures: [...new Set(failedIdentifiers)].map((itemIdentifier) => ({ itemIdentifier })) };
}

import type { Message, MessageStatus } from './message/message';

/**
 * The DynamoDB table, defined once: the Pulumi program, the local sandbox and the tests all
 * build their table from this constant.
 *
 * Items (single table):
 * - message:      pk `MSG#<id>`        sk `MSG`
 * - idempotency:  pk `IDEM#<key>`      sk `IDEM`       → message_id
 * - counter shard pk `METRICS#<n>`     sk `METRICS`    → total, status_<s>, stage_<s>, type_<t>
 *
 * Listing uses one GSI per combination of filters (stage, status, message_type, or none), each
 * partitioned by the filter values and sorted by the ULID id, so every filtered page is one
 * Query whatever the table size. A sparse GSI holds only unsettled messages (created, queued,
 * processing), sorted by updated_date, for the stuck-message sweep.
 */

export const LIST_FILTERS = ['stage', 'status', 'message_type'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export interface ListIndex {
  /** GSI name, e.g. `by_stage_status`. */
  name: string;
  /** The filters this index answers, in LIST_FILTERS order. */
  filters: readonly ListFilter[];
  /** The item attribute holding the index's partition value (filter values joined by `#`). */
  partitionKey: string;
  sortKey: 'id';
}

function filterSubsets(): ListFilter[][] {
  const subsets: ListFilter[][] = [];
  for (let mask = 0; mask < 1 << LIST_FILTERS.length; mask += 1) {
    subsets.push(LIST_FILTERS.filter((_, bit) => mask & (1 << bit)));
  }
  return subsets;
}

export const LIST_INDEXES: readonly ListIndex[] = filterSubsets().map((filters) => {
  const suffix = filters.length ? filters.join('_') : 'all';
  return { name: `by_${suffix}`, filters, partitionKey: `lk_${suffix}`, sortKey: 'id' };
});

/** The index whose filters are exactly those given (order does not matter). */
export function listIndexFor(filters: readonly ListFilter[]): ListIndex {
  const wanted = LIST_FILTERS.filter((filter) => filters.includes(filter));
  const index = LIST_INDEXES.find((candidate) => candidate.filters.join() === wanted.join());
  if (!index) throw new Error(`no list index for filters ${wanted.join(',')}`);
  return index;
}

/** The partition value of a list index for some filter values, e.g. `dev#queued`. */
export function listPartitionValue(index: ListIndex, values: Partial<Record<ListFilter, string>>): string {
  return index.filters.length ? index.filters.map((filter) => values[filter]).join('#') : 'MSG';
}

/** Every list-index key attribute of a message: written on save, rewritten on status changes. */
export function listKeyAttributes(message: Pick<Message, ListFilter>): Record<string, string> {
  return Object.fromEntries(LIST_INDEXES.map((index) => [index.partitionKey, listPartitionValue(index, message)]));
}

/**
 * The sparse index of messages not yet settled (waiting in created/queued, or held in
 * processing), by status and age, for the stuck-message sweep.
 */
export const PENDING_INDEX = {
  name: 'by_pending',
  partitionKey: 'pending_status',
  /** `<updated_date>#<id>`: oldest first, unique. */
  sortKey: 'pending_since',
} as const;

export const PENDING_STATUSES: readonly MessageStatus[] = ['created', 'queued', 'processing'];

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
  /** Every key attribute of the table and its indexes; all strings. */
  attributes: [
    'pk',
    'sk',
    'id',
    ...LIST_INDEXES.map((index) => index.partitionKey),
    PENDING_INDEX.partitionKey,
    PENDING_INDEX.sortKey,
  ],
  globalSecondaryIndexes: [
    ...LIST_INDEXES.map((index) => ({ name: index.name, partitionKey: index.partitionKey, sortKey: index.sortKey })),
    { name: PENDING_INDEX.name, partitionKey: PENDING_INDEX.partitionKey, sortKey: PENDING_INDEX.sortKey },
  ],
  /** Counter items the metrics are summed from; writes pick one at random to spread the load. */
  metricsShards: 8,
} as const;

/** The CreateTable request for this definition (sandbox and tests; the stack uses Pulumi). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: TABLE.billingMode,
    AttributeDefinitions: TABLE.attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

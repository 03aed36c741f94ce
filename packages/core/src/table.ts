import type { Message, MessageStatus, MessageType } from './message/message';

/**
 * The DynamoDB table, defined once: the Pulumi program, the local sandbox and the tests all
 * build their table from this constant. docs/data-model.md explains the design and its costs.
 *
 * Items (single table):
 * - message:      pk `MSG#<id>`     sk `MSG`          the message; the only item in the indexes
 * - attempt:      pk `MSG#<id>`     sk `ATT#<nnnn>`   one delivery attempt (same ttl as its message)
 * - idempotency:  pk `IDEM#<key>`   sk `IDEM`         → message_id
 * - metrics slot: pk `METRICS`      sk `SLOT#<n>`     counters + stream checkpoints (stream consumer only)
 * - schedule:     pk `SCHEDULE`     sk `<name>`       a schedule (API or stack); in `by_due` while enabled
 *
 * Three list indexes, each keyed by `<filter values>#<write shard>` so that no partition key is
 * written by every message: listing reads the LIST_SHARDS partitions of its filter and merges
 * them. They project keys and the few attributes queries filter on; a page is then read from the
 * table by key, so the payload is stored once in the table and nowhere else.
 */

/** The filters of a listing (`GET /api/messages?stage&status&message_type`). */
export const LIST_FILTERS = ['stage', 'status', 'message_type'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

/** Write shards of every list index: the hottest index key takes about 1/LIST_SHARDS of the writes. */
export const LIST_SHARDS = 8;

export type ListIndexName = 'by_all' | 'by_type' | 'by_status';

export interface ListIndex {
  name: ListIndexName;
  /** The item attribute holding the partition value. */
  partitionKey: string;
  /** The item attribute the index sorts by (newest last; queries read it backwards). */
  sortKey: string;
  /** Non-key attributes copied into the index: only what queries filter on, never the payload. */
  projected: readonly string[];
}

/** Every message, newest first (by ULID). */
export const ALL_INDEX: ListIndex = { name: 'by_all', partitionKey: 'lk_all', sortKey: 'id', projected: ['stage'] };
/** Messages of one type, newest first. */
export const TYPE_INDEX: ListIndex = { name: 'by_type', partitionKey: 'lk_type', sortKey: 'id', projected: ['stage'] };
/**
 * Messages in one status (and of one type), by when they entered it: `status_since` is
 * `<updated_date>#<id>`, or `<deliver_at>#<id>` while scheduled, so the same index answers
 * `?status=`, the stuck-message sweep (oldest first) and the due-message tick (earliest due first).
 */
export const STATUS_INDEX: ListIndex = {
  name: 'by_status',
  partitionKey: 'lk_status',
  sortKey: 'status_since',
  projected: ['stage', 'deliver_at', 'dispatched_at'],
};

export const LIST_INDEXES: readonly ListIndex[] = [ALL_INDEX, TYPE_INDEX, STATUS_INDEX];

/**
 * The write shard of a message: FNV-1a of its id, modulo LIST_SHARDS. Derived from the id alone,
 * so every write of a message lands in the same shard without reading it first.
 */
export function writeShard(id: string, shards: number = LIST_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index += 1) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** The partition values of `by_status` for a status and type, one per write shard. */
export const statusPartitions = (status: MessageStatus, type: MessageType): string[] =>
  Array.from({ length: LIST_SHARDS }, (_, shard) => `${status}#${type}#${shard}`);
export const typePartitions = (type: MessageType): string[] =>
  Array.from({ length: LIST_SHARDS }, (_, shard) => `${type}#${shard}`);
export const allPartitions = (): string[] => Array.from({ length: LIST_SHARDS }, (_, shard) => `ALL#${shard}`);

/** The `by_status` sort value: when the message entered its status (its due time while scheduled). */
export function statusSince(message: Pick<Message, 'id' | 'status' | 'updated_date' | 'deliver_at'>): string {
  const stamp = message.status === 'scheduled' && message.deliver_at ? message.deliver_at : message.updated_date;
  return `${stamp}#${message.id}`;
}

/** The status-dependent index attributes: rewritten by every status change. */
export function statusKeyAttributes(
  message: Pick<Message, 'id' | 'status' | 'message_type' | 'updated_date' | 'deliver_at'>,
): Record<string, string> {
  const shard = writeShard(message.id);
  return {
    [STATUS_INDEX.partitionKey]: `${message.status}#${message.message_type}#${shard}`,
    [STATUS_INDEX.sortKey]: statusSince(message),
  };
}

/** Every index attribute of a message. The `by_all` and `by_type` ones never change. */
export function indexKeyAttributes(
  message: Pick<Message, 'id' | 'status' | 'message_type' | 'updated_date' | 'deliver_at'>,
): Record<string, string> {
  const shard = writeShard(message.id);
  return {
    [ALL_INDEX.partitionKey]: `ALL#${shard}`,
    [TYPE_INDEX.partitionKey]: `${message.message_type}#${shard}`,
    ...statusKeyAttributes(message),
  };
}

/**
 * Enabled schedules by their next run, for the tick: sparse (a paused schedule drops its keys)
 * and holding schedule items only, so it copies them whole (ALL) and the tick reads no further.
 */
export const DUE_INDEX = { name: 'by_due', partitionKey: 'due_pk', sortKey: 'due_at' } as const;

/** One GSI as the stack and CreateTable declare it. */
export interface TableIndex {
  name: string;
  partitionKey: string;
  sortKey: string;
  projectionType: 'INCLUDE' | 'ALL';
  /** Only for INCLUDE. */
  nonKeyAttributes: readonly string[];
}

/** Slots the metric counters are spread over; the stream consumer of a shard always writes the same one. */
export const METRICS_SLOTS = 4;

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
  /** The stream consumer counts metrics from both images and subtracts TTL deletions. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
  /** Every key attribute of the table and its indexes; all strings. */
  attributes: [
    'pk',
    'sk',
    'id',
    ALL_INDEX.partitionKey,
    TYPE_INDEX.partitionKey,
    STATUS_INDEX.partitionKey,
    STATUS_INDEX.sortKey,
    DUE_INDEX.partitionKey,
    DUE_INDEX.sortKey,
  ],
  globalSecondaryIndexes: [
    ...LIST_INDEXES.map(
      (index): TableIndex => ({ name: index.name, partitionKey: index.partitionKey, sortKey: index.sortKey, projectionType: 'INCLUDE', nonKeyAttributes: index.projected }),
    ),
    { name: DUE_INDEX.name, partitionKey: DUE_INDEX.partitionKey, sortKey: DUE_INDEX.sortKey, projectionType: 'ALL', nonKeyAttributes: [] } satisfies TableIndex,
  ] as readonly TableIndex[],
  metricsSlots: METRICS_SLOTS,
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
      Projection:
        index.projectionType === 'ALL'
          ? { ProjectionType: index.projectionType }
          : { ProjectionType: index.projectionType, NonKeyAttributes: [...index.nonKeyAttributes] },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamViewType },
  };
}

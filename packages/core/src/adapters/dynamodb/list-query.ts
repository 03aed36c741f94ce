import { MESSAGE_TYPES } from '../../message/message';
import type { ListQuery } from '../../ports/message-repository';
import { ALL_INDEX, STATUS_INDEX, TYPE_INDEX, allPartitions, statusPartitions, typePartitions } from '../../table';
import { decodeCursor, encodeCursor } from './cursor';
import { assertPageSize } from './limits';
import type { ShardedQuery, ShardedResult } from './sharded-query';

/** One list request resolved to its index partitions, the filters' signature and the page size. */
export interface ListPlan {
  signature: string;
  query: ShardedQuery;
}

/**
 * The read that answers a list request, newest first: status (with or without a type) reads
 * `by_status`, a type alone `by_type`, nothing `by_all`, each over its write shards. A table
 * holds one stage, so `stage` is a filter on a projected attribute, not a key: it either keeps
 * every item or none, and costs nothing extra either way.
 */
export function planList(query: ListQuery): ListPlan {
  assertPageSize(query.limit);
  const signature = listSignature(query);
  const below = query.cursor === undefined ? undefined : decodeCursor(query.cursor, signature);
  const { status, message_type: type } = query;
  let index = ALL_INDEX;
  let partitions = allPartitions();
  if (status !== undefined) {
    index = STATUS_INDEX;
    partitions = (type !== undefined ? [type] : MESSAGE_TYPES).flatMap((each) => statusPartitions(status, each));
  } else if (type !== undefined) {
    index = TYPE_INDEX;
    partitions = typePartitions(type);
  }
  const filter =
    query.stage === undefined
      ? undefined
      : { expression: '#stage = :stage', names: { '#stage': 'stage' }, values: { ':stage': query.stage } };
  return {
    signature,
    query: { index, partitions, descending: true, limit: query.limit, ...(below ? { below } : {}), ...(filter ? { filter } : {}) },
  };
}

/** The next cursor of a page, if the read says more may follow. */
export function nextCursor(plan: ListPlan, result: ShardedResult): string | undefined {
  return result.resumeAfter === undefined ? undefined : encodeCursor(plan.signature, result.resumeAfter);
}

function listSignature(query: ListQuery): string {
  return [query.stage ?? '', query.status ?? '', query.message_type ?? ''].join('|');
}

import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import { ConflictError, NotFoundError } from '../../errors';
import type { Message } from '../../message/message';
import { planTransition, type TransitionPlan } from '../../message/state-machine';
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  LeaseMove,
  LeaseTakeover,
  ListQuery,
  MessagePage,
  MessageRepository,
  Metrics,
  SaveResult,
  StaleQuery,
  TransitionRequest,
} from '../../ports/message-repository';
import { PENDING_INDEX, TABLE } from '../../table';
import { completeUpdate, idempotencyItemKey, idempotencyRecordOf, leaseMoveUpdate, newIdempotencyItem } from './idempotency-item';
import { counterShardKey, counterUpdate, expiryDeltas, saveDeltas, sumShards, transitionDeltas } from './counters';
import { REVISION, fromMessageItem, messageKey, pendingSince, revisionOf, toMessageItem } from './item';
import { assertPageSize } from './limits';
import { planList, toPage } from './list-query';
import {
  cancellationReasons,
  failedCondition,
  isConditionalCheckFailed,
  oldStatus,
  withConflictRetry,
} from './transaction';
import { transitionUpdate } from './transition-update';

export type RepositoryOperation = keyof MessageRepository;

export interface DynamoDbMessageRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Counter shards the metrics are spread over; defaults to the table definition's. */
  metricsShards?: number;
  /** Picks the counter shard of each write; tests pass a seeded one. */
  random?: () => number;
  /** When given, every request asks for ConsumedCapacity TOTAL and reports it here (benchmarks). */
  onConsumedCapacity?: (operation: RepositoryOperation, capacity: readonly ConsumedCapacity[]) => void;
}

const NEW_ITEM_ONLY = 'attribute_not_exists(pk)';
/** Marks a message whose expiry the counters already subtracted. */
const expiryMarker = (id: string) => ({ pk: `EXPIRED#${id}`, sk: 'EXPIRED' });
/**
 * How long an expiry marker is kept: longer than a stream keeps its records (24 hours), so every
 * redelivery of a TTL deletion finds it; then TTL removes the marker too.
 */
const EXPIRY_MARKER_SECONDS = 2 * 86_400;
/** Re-reads allowed when a message changed between our read and our conditional write. */
const STALE_READ_ATTEMPTS = 5;

function applyPlan(message: Message, plan: TransitionPlan): Message {
  const next: Message = { ...message, ...plan.set };
  for (const field of plan.remove) delete next[field];
  return next;
}

/** MessageRepository on one DynamoDB table laid out as `table.ts` describes. */
export class DynamoDbMessageRepository implements MessageRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly shards: number;
  private readonly random: () => number;
  private readonly onConsumedCapacity: DynamoDbMessageRepositoryOptions['onConsumedCapacity'];

  constructor(options: DynamoDbMessageRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.shards = options.metricsShards ?? TABLE.metricsShards;
    this.random = options.random ?? Math.random;
    this.onConsumedCapacity = options.onConsumedCapacity;
    if (!Number.isInteger(this.shards) || this.shards < 1 || this.shards > 100) {
      throw new RangeError('metricsShards must be an integer from 1 to 100 (one BatchGetItem reads them all)');
    }
  }

  async save(message: Message, claim?: IdempotencyClaim): Promise<SaveResult> {
    const key = message.idempotency_key;
    const shard = this.randomShard();
    try {
      await withConflictRetry(() =>
        this.transact('save', [
          { Put: { TableName: this.tableName, Item: toMessageItem(message), ConditionExpression: NEW_ITEM_ONLY } },
          ...(key === undefined
            ? []
            : [
                { Put: { TableName: this.tableName, Item: newIdempotencyItem(key, message, claim), ConditionExpression: NEW_ITEM_ONLY } },
              ]),
          { Update: { TableName: this.tableName, Key: shard, ...counterUpdate(saveDeltas(message)) } },
        ]),
      );
      return { message, created: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      // The key check wins over the id check: a retried save of the same message is a repeat.
      if (key !== undefined && failedCondition(reasons[1])) return { ...(await this.firstSaved(key)), created: false };
      if (failedCondition(reasons[0])) throw new ConflictError(`message ${message.id} already exists`, undefined, { cause: error });
      throw error;
    }
  }

  async completeIdempotency(key: string, messageId: string): Promise<void> {
    if (!(await this.updateIdempotencyItem('completeIdempotency', key, completeUpdate(messageId)))) {
      throw new ConflictError(`idempotency key ${key} is not the one of message ${messageId}`);
    }
  }

  moveIdempotencyLease(move: LeaseMove): Promise<boolean> {
    return this.updateIdempotencyItem('moveIdempotencyLease', move.key, leaseMoveUpdate(move));
  }

  async get(id: string): Promise<Message | undefined> {
    const item = await this.readItem('get', id);
    return item && fromMessageItem(item);
  }

  async list(query: ListQuery): Promise<MessagePage> {
    const plan = planList(query);
    const output = await this.client.send(
      new QueryCommand({ TableName: this.tableName, ...plan.input, ...this.capacityRequest() }),
    );
    this.report('list', output.ConsumedCapacity);
    return toPage(plan, output);
  }

  async transition(request: TransitionRequest): Promise<Message> {
    const { id, from, to } = request;
    // Refuses a transition the state machine does not allow before any I/O.
    const plan = planTransition(from, to, request.at, request.changes);
    for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
      // Read first: stage and type (immutable) rebuild the list keys, the revision guards the write.
      const item = await this.readItem('transition', id);
      if (!item) throw new NotFoundError(`message ${id} not found`);
      const current = fromMessageItem(item);
      if (current.status !== from) throw this.lostTo(id, from, current.status);
      // Checked on the read; the revision condition below makes it hold at the write too,
      // since a takeover bumps the revision.
      const lease = request.expectedProcessingStartedAt;
      if (lease !== undefined && current.processing_started_at !== lease) {
        throw new ConflictError(`message ${id} is no longer under the lease started at ${lease}`, current.status);
      }
      const revision = revisionOf(item);
      try {
        await withConflictRetry(() =>
          this.transact('transition', [
            {
              Update: {
                TableName: this.tableName,
                Key: messageKey(id),
                ...transitionUpdate({ current, revision, from, to, plan }),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Update: { TableName: this.tableName, Key: this.randomShard(), ...counterUpdate(transitionDeltas(from, to)) },
            },
          ]),
        );
        return applyPlan(current, plan);
      } catch (error) {
        const reason = cancellationReasons(error)?.[0];
        if (!failedCondition(reason)) throw error;
        if (!reason?.Item) throw new NotFoundError(`message ${id} not found`, { cause: error });
        const status = oldStatus(reason.Item);
        if (status !== from) throw this.lostTo(id, from, status, error);
        // Same status but a newer revision: it moved and came back since our read; read again.
      }
    }
    throw new ConflictError(`message ${id} kept changing; transition ${from} → ${to} abandoned`, from);
  }

  async takeOverLease(request: LeaseTakeover): Promise<Message> {
    const at = request.at.toISOString();
    try {
      const output = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: messageKey(request.id),
          // The pending index's age moves with the lease: the sweep counts from the new start.
          UpdateExpression: 'SET processing_started_at = :at, updated_date = :at, #since = :since ADD #revision :one',
          ConditionExpression: '#status = :processing AND processing_started_at = :expected',
          ExpressionAttributeNames: { '#status': 'status', '#revision': REVISION, '#since': PENDING_INDEX.sortKey },
          ExpressionAttributeValues: {
            ':at': at,
            ':since': pendingSince(at, request.id),
            ':one': 1,
            ':processing': 'processing',
            ':expected': request.expectedStartedAt,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ...this.capacityRequest(),
        }),
      );
      this.report('takeOverLease', output.ConsumedCapacity);
      return fromMessageItem(output.Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = (error as { Item?: Record<string, unknown> }).Item;
      if (!old) throw new NotFoundError(`message ${request.id} not found`, { cause: error });
      throw new ConflictError(
        `message ${request.id} is no longer processing under the lease started at ${request.expectedStartedAt}`,
        oldStatus(old),
        { cause: error },
      );
    }
  }

  async findStale(query: StaleQuery): Promise<Message[]> {
    assertPageSize(query.limit);
    const output = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: PENDING_INDEX.name,
        // `<iso>#` sorts after every `<earlier>#<id>` and before every `<iso>#<id>`: strictly older.
        KeyConditionExpression: '#status = :status AND #since < :before',
        ExpressionAttributeNames: { '#status': PENDING_INDEX.partitionKey, '#since': PENDING_INDEX.sortKey },
        ExpressionAttributeValues: { ':status': query.status, ':before': pendingSince(query.updatedBefore.toISOString(), '') },
        ScanIndexForward: true,
        Limit: query.limit,
        ...this.capacityRequest(),
      }),
    );
    this.report('findStale', output.ConsumedCapacity);
    return (output.Items ?? []).map(fromMessageItem);
  }

  async metrics(): Promise<Metrics> {
    const shards: Record<string, unknown>[] = [];
    let pending = Array.from({ length: this.shards }, (_, shard) => counterShardKey(shard));
    // BatchGetItem may leave keys unprocessed under throttling; fetch those again with backoff.
    await pRetry(
      async () => {
        const output = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            ...this.capacityRequest(),
          }),
        );
        this.report('metrics', output.ConsumedCapacity);
        shards.push(...(output.Responses?.[this.tableName] ?? []));
        pending = (output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof pending;
        if (pending.length) throw new Error(`${pending.length} counter shards were left unprocessed`);
      },
      { retries: 5, minTimeout: 20, maxTimeout: 500, randomize: true },
    );
    return sumShards(shards);
  }

  async forgetExpired(message: Message): Promise<boolean> {
    const { id } = message;
    try {
      await withConflictRetry(() =>
        this.transact('forgetExpired', [
          // Subtracting a message that is still stored would make the counts drift the other way.
          { ConditionCheck: { TableName: this.tableName, Key: messageKey(id), ConditionExpression: NEW_ITEM_ONLY } },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...expiryMarker(id), message_id: id, ttl: Math.floor(Date.now() / 1000) + EXPIRY_MARKER_SECONDS },
              ConditionExpression: NEW_ITEM_ONLY,
            },
          },
          { Update: { TableName: this.tableName, Key: this.randomShard(), ...counterUpdate(expiryDeltas(message)) } },
        ]),
      );
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (failedCondition(reasons[1])) return false;
      if (failedCondition(reasons[0])) {
        throw new ConflictError(`message ${id} is still stored; only a deleted message can be forgotten`, undefined, { cause: error });
      }
      throw error;
    }
  }

  /** The message an idempotency key first stored, with the key's record. */
  private async firstSaved(key: string): Promise<{ message: Message; idempotency: IdempotencyRecord }> {
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyItemKey(key), ConsistentRead: true, ...this.capacityRequest() }),
    );
    this.report('save', output.ConsumedCapacity);
    const idempotency = idempotencyRecordOf(output.Item);
    const message = idempotency === undefined ? undefined : await this.get(idempotency.messageId);
    if (!message || !idempotency) throw new ConflictError(`idempotency key ${key} belongs to a message that no longer exists`);
    return { message, idempotency };
  }

  /** One conditional UpdateItem on a key's item; false when its condition failed. */
  private async updateIdempotencyItem(
    operation: RepositoryOperation,
    key: string,
    update: ReturnType<typeof completeUpdate> | ReturnType<typeof leaseMoveUpdate>,
  ): Promise<boolean> {
    try {
      const output = await this.client.send(
        new UpdateCommand({ TableName: this.tableName, Key: idempotencyItemKey(key), ...update, ...this.capacityRequest() }),
      );
      this.report(operation, output.ConsumedCapacity);
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  private async readItem(operation: RepositoryOperation, id: string): Promise<Record<string, unknown> | undefined> {
    // Consistent: a message is often read right after it was written (create then get, transition).
    const output = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: messageKey(id), ConsistentRead: true, ...this.capacityRequest() }),
    );
    this.report(operation, output.ConsumedCapacity);
    return output.Item;
  }

  private async transact(
    operation: RepositoryOperation,
    items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>,
  ): Promise<void> {
    const output = await this.client.send(new TransactWriteCommand({ TransactItems: items, ...this.capacityRequest() }));
    this.report(operation, output.ConsumedCapacity);
  }

  private randomShard() {
    return counterShardKey(Math.floor(this.random() * this.shards) % this.shards);
  }

  private lostTo(id: string, from: string, current: string | undefined, cause?: unknown): ConflictError {
    return new ConflictError(
      `message ${id} is ${current ?? 'in an unknown status'}, not ${from}`,
      current,
      cause === undefined ? undefined : { cause },
    );
  }

  private capacityRequest(): { ReturnConsumedCapacity?: 'TOTAL' } {
    return this.onConsumedCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {};
  }

  private report(operation: RepositoryOperation, capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    if (!this.onConsumedCapacity || capacity === undefined) return;
    this.onConsumedCapacity(operation, Array.isArray(capacity) ? capacity : [capacity]);
  }
}

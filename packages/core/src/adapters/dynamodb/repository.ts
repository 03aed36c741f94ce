import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, MessageExistsError, NotFoundError } from '../../errors';
import type { DeliveryAttempt } from '../../message/attempt';
import type { Message } from '../../message/message';
import { planTransition } from '../../message/state-machine';
import type {
  DueQuery,
  IdempotencyClaim,
  IdempotencyRecord,
  LeaseMove,
  LeaseTakeover,
  ListQuery,
  MessagePage,
  MessageRepository,
  Metrics,
  SaveOptions,
  SaveResult,
  StaleQuery,
  TransitionRequest,
} from '../../ports/message-repository';
import { STATUS_INDEX, statusSince } from '../../table';
import { CapacityReporter, type CapacityAccess } from './capacity';
import { completeUpdate, idempotencyItemKey, idempotencyRecordOf, leaseMoveUpdate, newIdempotencyItem } from './idempotency-item';
import { ATTEMPT_SORT_PREFIX, DISPATCHED_AT, fromAttemptItem, fromMessageItem, messageKey, toAttemptItem, toMessageItem } from './item';
import { findDueMessages, findStaleMessages, listMessages } from './message-reads';
import { DynamoDbMetricsLedger } from './metrics-ledger';
import { TableClient } from './table-client';
import { cancellationReasons, failedCondition, isConditionalCheckFailed, oldStatus, withConflictRetry } from './transaction';
import { transitionUpdate } from './transition-update';

export type RepositoryOperation = keyof MessageRepository;

export interface DynamoDbMessageRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** When given, every request asks for ConsumedCapacity TOTAL and reports it here (benchmarks). */
  onConsumedCapacity?: (operation: RepositoryOperation, capacity: readonly ConsumedCapacity[], access: CapacityAccess) => void;
}

const NEW_ITEM_ONLY = 'attribute_not_exists(pk)';
type OldItem = { Item?: Record<string, unknown> };

/**
 * MessageRepository on one DynamoDB table laid out as `table.ts` (and docs/data-model.md)
 * describes. Every message write is one conditional single-item write; only a save with an
 * idempotency key is a transaction (message and key, together or not at all). No write touches
 * a counter: the stream consumer counts.
 */
export class DynamoDbMessageRepository implements MessageRepository {
  private readonly table: TableClient;
  private readonly ledger: DynamoDbMetricsLedger;

  constructor(options: DynamoDbMessageRepositoryOptions) {
    const listener = options.onConsumedCapacity;
    const capacity = listener && new CapacityReporter((operation, units, access) => listener(operation as RepositoryOperation, units, access));
    this.table = new TableClient(options.client, options.tableName, capacity);
    this.ledger = new DynamoDbMetricsLedger({ client: options.client, tableName: options.tableName, ...(capacity ? { capacity } : {}) });
  }

  private get client(): DynamoDBDocumentClient {
    return this.table.client;
  }

  private get tableName(): string {
    return this.table.tableName;
  }

  async save(message: Message, claim?: IdempotencyClaim, options: SaveOptions = {}): Promise<SaveResult> {
    const key = message.idempotency_key;
    const Item = toMessageItem(message, options.dispatchedAt?.toISOString());
    const put = { TableName: this.tableName, Item, ConditionExpression: NEW_ITEM_ONLY };
    if (key === undefined) {
      try {
        await this.table.send('save', (extra) => this.client.send(new PutCommand({ ...extra, ...put })));
        return { message, created: true };
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw new MessageExistsError(`message ${message.id} already exists`, undefined, { cause: error });
        throw error;
      }
    }
    const keyPut = { TableName: this.tableName, Item: newIdempotencyItem(key, message, claim), ConditionExpression: NEW_ITEM_ONLY };
    try {
      await withConflictRetry(() =>
        this.table.send('save', (extra) => this.client.send(new TransactWriteCommand({ ...extra, TransactItems: [{ Put: put }, { Put: keyPut }] }))),
      );
      return { message, created: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      // The key check wins over the id check: a retried save of the same message is a repeat.
      if (failedCondition(reasons[1])) return { ...(await this.firstSaved(key)), created: false };
      if (failedCondition(reasons[0])) throw new MessageExistsError(`message ${message.id} already exists`, undefined, { cause: error });
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

  list(query: ListQuery): Promise<MessagePage> {
    return listMessages(this.table, query);
  }

  async transition(request: TransitionRequest): Promise<Message> {
    const { id, from, to } = request;
    // Refuses a transition the state machine does not allow before any I/O.
    const plan = planTransition(from, to, request.at, request.changes);
    // Read first: the type (immutable) rebuilds the status index key; the write is conditional anyway.
    const item = await this.readItem('transition', id);
    if (!item) throw new NotFoundError(`message ${id} not found`);
    const current = fromMessageItem(item);
    if (current.status !== from) throw lostTo(id, from, current.status);
    const lease = request.expectedProcessingStartedAt;
    if (lease !== undefined && current.processing_started_at !== lease) {
      throw new ConflictError(`message ${id} is no longer under the lease started at ${lease}`, current.status);
    }
    const update = transitionUpdate({ current, from, to, plan, ...(lease !== undefined ? { lease } : {}) });
    return this.updateMessage('transition', id, update, (old) => {
      const status = oldStatus(old);
      if (status !== from) return lostTo(id, from, status);
      return new ConflictError(`message ${id} is no longer under the lease started at ${lease ?? '?'}`, status);
    });
  }

  takeOverLease(request: LeaseTakeover): Promise<Message> {
    const at = request.at.toISOString();
    const update = {
      // The status index's age moves with the lease: the sweep counts from the new start.
      UpdateExpression: 'SET processing_started_at = :at, updated_date = :at, #since = :since',
      ConditionExpression: '#status = :processing AND processing_started_at = :expected',
      ExpressionAttributeNames: { '#status': 'status', '#since': STATUS_INDEX.sortKey },
      ExpressionAttributeValues: {
        ':at': at,
        ':since': statusSince({ id: request.id, status: 'processing', updated_date: at }),
        ':processing': 'processing',
        ':expected': request.expectedStartedAt,
      },
    };
    const reason = `message ${request.id} is no longer processing under the lease started at ${request.expectedStartedAt}`;
    return this.updateMessage('takeOverLease', request.id, update, (old) => new ConflictError(reason, oldStatus(old)));
  }

  findStale(query: StaleQuery): Promise<Message[]> {
    return findStaleMessages(this.table, query);
  }

  findDue(query: DueQuery): Promise<Message[]> {
    return findDueMessages(this.table, query);
  }

  async markDispatched(id: string, at: Date): Promise<boolean> {
    const update = {
      TableName: this.tableName,
      Key: messageKey(id),
      UpdateExpression: 'SET #dispatched = :at',
      ConditionExpression: '#status = :scheduled',
      ExpressionAttributeNames: { '#dispatched': DISPATCHED_AT, '#status': 'status' },
      ExpressionAttributeValues: { ':at': at.toISOString(), ':scheduled': 'scheduled' },
    };
    try {
      await this.table.send('markDispatched', (extra) => this.client.send(new UpdateCommand({ ...extra, ...update })));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async recordAttempt(message: Pick<Message, 'id' | 'ttl'>, attempt: DeliveryAttempt): Promise<void> {
    const put = { TableName: this.tableName, Item: toAttemptItem(message, attempt) };
    await this.table.send('recordAttempt', (extra) => this.client.send(new PutCommand({ ...extra, ...put })));
  }

  async listAttempts(id: string): Promise<DeliveryAttempt[]> {
    const attempts: DeliveryAttempt[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const query = {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :attempt)',
        ExpressionAttributeValues: { ':pk': messageKey(id).pk, ':attempt': ATTEMPT_SORT_PREFIX },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      };
      const output = await this.table.send('listAttempts', (extra) => this.client.send(new QueryCommand({ ...extra, ...query })), 'read');
      attempts.push(...(output.Items ?? []).map(fromAttemptItem));
      start = output.LastEvaluatedKey;
    } while (start);
    return attempts;
  }

  metrics(): Promise<Metrics> {
    return this.ledger.read();
  }

  /**
   * One conditional UpdateItem of a message, answering the message after it. A failed condition
   * becomes NotFoundError when there is no message, else the error `lost` makes of the item as it was.
   */
  private async updateMessage(
    operation: RepositoryOperation,
    id: string,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
    lost: (old: Record<string, unknown>) => ConflictError,
  ): Promise<Message> {
    const input = { TableName: this.tableName, Key: messageKey(id), ...update, ReturnValues: 'ALL_NEW' as const, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
    try {
      const output = await this.table.send(operation, (extra) => this.client.send(new UpdateCommand({ ...extra, ...input })));
      return fromMessageItem(output.Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const old = (error as OldItem).Item;
      if (!old) throw new NotFoundError(`message ${id} not found`, { cause: error });
      const conflict = lost(old);
      throw new ConflictError(conflict.message, conflict.currentStatus, { cause: error });
    }
  }

  /** The message an idempotency key first stored, with the key's record. */
  private async firstSaved(key: string): Promise<{ message: Message; idempotency: IdempotencyRecord }> {
    const get = { TableName: this.tableName, Key: idempotencyItemKey(key), ConsistentRead: true };
    const output = await this.table.send('save', (extra) => this.client.send(new GetCommand({ ...extra, ...get })), 'read');
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
    const input = { TableName: this.tableName, Key: idempotencyItemKey(key), ...update };
    try {
      await this.table.send(operation, (extra) => this.client.send(new UpdateCommand({ ...extra, ...input })));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  private async readItem(operation: RepositoryOperation, id: string): Promise<Record<string, unknown> | undefined> {
    // Consistent: a message is often read right after it was written (create then get, transition).
    const get = { TableName: this.tableName, Key: messageKey(id), ConsistentRead: true };
    const output = await this.table.send(operation, (extra) => this.client.send(new GetCommand({ ...extra, ...get })), 'read');
    return output.Item;
  }
}

function lostTo(id: string, from: string, current: string | undefined): ConflictError {
  return new ConflictError(`message ${id} is ${current ?? 'in an unknown status'}, not ${from}`, current);
}

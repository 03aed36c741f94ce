import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../../errors';
import type { DueSchedule, ScheduleChanges, ScheduleExpectation, SchedulePage, ScheduleRepository } from '../../ports/schedule-repository';
import { SCHEDULE_NAME_PATTERN, type Schedule } from '../../schedules/schedule';
import { DUE_INDEX, TABLE } from '../../table';
import { DUE_PARTITION, RESET_DUE_PREFIX, SCHEDULE_PARTITION, fromScheduleItem, scheduleKey, toScheduleItem } from './schedule-item';
import { isConditionalCheckFailed } from './transaction';

export interface DynamoDbScheduleRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Opaque to clients: the name the next page starts after. */
const encodeCursor = (name: string): string => Buffer.from(JSON.stringify({ after: name }), 'utf8').toString('base64url');

function decodeCursor(cursor: string): string {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof body.after === 'string' && SCHEDULE_NAME_PATTERN.test(body.after) && encodeCursor(body.after) === cursor) return body.after;
  } catch {
    // Falls through to the validation error.
  }
  throw new ValidationError('invalid cursor', [{ path: '/cursor', message: 'is not a cursor from this API' }]);
}

/** The condition and values of an expectation, added to a write's own. */
function conditionOf(expect: ScheduleExpectation): { expression: string; names: Record<string, string>; values: Record<string, unknown> } {
  const parts = ['attribute_exists(pk)'];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const add = (field: string, attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#x_${field}`] = attribute;
    values[`:x_${field}`] = value;
    parts.push(`#x_${field} = :x_${field}`);
  };
  add('source', 'source', expect.source);
  add('updated', 'updated_at', expect.updatedAt);
  add('due', DUE_INDEX.sortKey, expect.dueAt);
  if (expect.state !== undefined) {
    // A stack item the tick has not seen yet has no state: it is enabled.
    names['#x_state'] = 'state';
    values[':x_state'] = expect.state;
    parts.push(expect.state === 'enabled' ? '(#x_state = :x_state OR attribute_not_exists(#x_state))' : '#x_state = :x_state');
  }
  return { expression: parts.join(' AND '), names, values };
}

/**
 * ScheduleRepository on the single table: schedule items in one partition (`SCHEDULE`, sorted by
 * name) and the sparse `by_due` index of enabled schedules by next run. Every write is one
 * conditional single-item write; see docs/data-model.md for the costs.
 */
export class DynamoDbScheduleRepository implements ScheduleRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbScheduleRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async get(name: string): Promise<Schedule | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: scheduleKey(name), ConsistentRead: true }));
    return Item ? fromScheduleItem(Item) : undefined;
  }

  async create(schedule: Schedule): Promise<void> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: toScheduleItem(schedule), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError(`a schedule named ${schedule.name} already exists`, undefined, { cause: error });
      throw error;
    }
  }

  async list(query: { limit: number; cursor?: string }): Promise<SchedulePage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
        ExpressionAttributeValues: { ':pk': SCHEDULE_PARTITION },
        // One more than asked tells whether there is a next page.
        Limit: query.limit + 1,
        ...(after ? { ExclusiveStartKey: scheduleKey(after) } : {}),
      }),
    );
    const schedules = Items.slice(0, query.limit).map((item) => fromScheduleItem(item));
    const last = schedules.at(-1);
    return Items.length > query.limit && last ? { schedules, next_cursor: encodeCursor(last.name) } : { schedules };
  }

  async update(name: string, changes: ScheduleChanges, expect: ScheduleExpectation = {}): Promise<Schedule | undefined> {
    const { due, ...fields } = changes;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const set: string[] = [];
    const remove: string[] = [];
    for (const [field, value] of Object.entries(fields)) {
      names[`#${field}`] = field;
      if (value === null) remove.push(`#${field}`);
      else if (value !== undefined) {
        values[`:${field}`] = value;
        set.push(`#${field} = :${field}`);
      }
    }
    if (due !== undefined) {
      names['#due_pk'] = DUE_INDEX.partitionKey;
      names['#due_at'] = DUE_INDEX.sortKey;
      if (due === null) remove.push('#due_pk', '#due_at');
      else {
        Object.assign(values, { ':due_pk': DUE_PARTITION, ':due_at': due });
        set.push('#due_pk = :due_pk', '#due_at = :due_at');
      }
    }
    const condition = conditionOf(expect);
    const update = [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' ');
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: scheduleKey(name),
          UpdateExpression: update,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: { ...names, ...condition.names },
          ...(Object.keys({ ...values, ...condition.values }).length ? { ExpressionAttributeValues: { ...values, ...condition.values } } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? fromScheduleItem(Attributes) : undefined;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  async delete(name: string, expect: ScheduleExpectation = {}): Promise<boolean> {
    const condition = conditionOf(expect);
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: scheduleKey(name),
          ConditionExpression: condition.expression,
          ...(Object.keys(condition.names).length ? { ExpressionAttributeNames: condition.names } : {}),
          ...(Object.keys(condition.values).length ? { ExpressionAttributeValues: condition.values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async findDue(now: Date, limit: number): Promise<DueSchedule[]> {
    const due: DueSchedule[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX.name,
          KeyConditionExpression: '#due_pk = :due_pk AND #due_at <= :now',
          ExpressionAttributeNames: { '#due_pk': DUE_INDEX.partitionKey, '#due_at': DUE_INDEX.sortKey },
          ExpressionAttributeValues: { ':due_pk': DUE_PARTITION, ':now': now.toISOString() },
          Limit: limit - due.length,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const dueAt = item[DUE_INDEX.sortKey] as string;
        due.push({ schedule: fromScheduleItem(item, now), dueAt, redefined: dueAt.startsWith(RESET_DUE_PREFIX) });
      }
      start = page.LastEvaluatedKey;
    } while (start && due.length < limit);
    return due;
  }
}

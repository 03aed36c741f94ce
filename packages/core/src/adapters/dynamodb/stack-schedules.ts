import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleDefinition } from '../../schedules/definition';
import { TABLE } from '../../table';
import { SCHEDULE_PARTITION, scheduleKey, stackScheduleItem } from './schedule-item';
import { isConditionalCheckFailed } from './transaction';

export interface StackScheduleSync {
  written: string[];
  removed: string[];
}

/**
 * What a deploy does to the stack's schedules, for a table without Pulumi (the sandbox): each
 * definition's item is written as `aws.dynamodb.TableItem` writes it (its attributes set, the
 * run-time ones left alone) when it is new or its definition changed, and stack schedules no
 * longer declared are deleted. API schedules are never touched. Takes a plain client (the
 * sandbox has no document client of its own).
 */
export async function syncStackSchedules(dynamodb: DynamoDBClient, tableName: string, definitions: readonly ScheduleDefinition[]): Promise<StackScheduleSync> {
  const client = DynamoDBDocumentClient.from(dynamodb);
  const result: StackScheduleSync = { written: [], removed: [] };
  for (const definition of definitions) {
    const { pk: _pk, sk: _sk, ...fields } = stackScheduleItem(definition);
    const entries = Object.entries(fields);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: scheduleKey(definition.name),
          UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
          ConditionExpression: 'attribute_not_exists(pk) OR definition_hash <> :hash',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name])),
          ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, value], index) => [`:f${index}`, value])), ':hash': fields.definition_hash },
        }),
      );
      result.written.push(definition.name);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  const declared = new Set(definitions.map((definition) => definition.name));
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: '#source = :stack',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#source': 'source' },
        ExpressionAttributeValues: { ':pk': SCHEDULE_PARTITION, ':stack': 'stack' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const name = item.name as string;
      if (declared.has(name)) continue;
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: scheduleKey(name),
          ConditionExpression: '#source = :stack',
          ExpressionAttributeNames: { '#source': 'source' },
          ExpressionAttributeValues: { ':stack': 'stack' },
        }),
      );
      result.removed.push(name);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return result;
}

import type { Message, MessageStatus } from '../../message/message';
import type { TransitionPlan } from '../../message/state-machine';
import { LIST_INDEXES, PENDING_INDEX, listPartitionValue } from '../../table';
import { REVISION, isPendingStatus, pendingAttributes } from './item';

export interface UpdateParts {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export interface TransitionTarget {
  /** The message as read, at `revision`; only its id, stage and type are used besides. */
  current: Pick<Message, 'id' | 'stage' | 'message_type'>;
  revision: number;
  from: MessageStatus;
  to: MessageStatus;
  plan: TransitionPlan;
}

/** Collects SET/REMOVE clauses with a placeholder for every name and value. */
class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  readonly sets: string[] = [];
  readonly removes: string[] = [];
  private count = 0;

  name(attribute: string): string {
    const placeholder = `#a${this.count++}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.count++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  set(attribute: string, value: unknown): void {
    this.sets.push(`${this.name(attribute)} = ${this.value(value)}`);
  }

  remove(attribute: string): void {
    this.removes.push(this.name(attribute));
  }
}

/**
 * The conditional update of one transition: exactly what the state machine planned, plus the
 * key attributes that depend on the status (the status-filtered list indexes and the sparse
 * pending index), all guarded by "still in `from` at the revision that was read".
 */
export function transitionUpdate({ current, revision, from, to, plan }: TransitionTarget): UpdateParts {
  const expression = new ExpressionBuilder();
  for (const [field, value] of Object.entries(plan.set)) expression.set(field, value);
  for (const field of plan.remove) expression.remove(field);

  const next = { stage: current.stage, status: to, message_type: current.message_type };
  for (const index of LIST_INDEXES.filter((candidate) => candidate.filters.includes('status'))) {
    expression.set(index.partitionKey, listPartitionValue(index, next));
  }

  const updatedDate = plan.set.updated_date;
  if (updatedDate === undefined) throw new Error('a transition plan always stamps updated_date');
  if (isPendingStatus(to)) {
    for (const [attribute, value] of Object.entries(pendingAttributes(to, updatedDate, current.id))) {
      expression.set(attribute, value);
    }
  } else {
    expression.remove(PENDING_INDEX.partitionKey);
    expression.remove(PENDING_INDEX.sortKey);
  }
  expression.set(REVISION, revision + 1);

  const condition = `${expression.name('status')} = ${expression.value(from)} AND ${expression.name(REVISION)} = ${expression.value(revision)}`;
  const clauses = [`SET ${expression.sets.join(', ')}`];
  if (expression.removes.length) clauses.push(`REMOVE ${expression.removes.join(', ')}`);
  return {
    UpdateExpression: clauses.join(' '),
    ConditionExpression: condition,
    ExpressionAttributeNames: expression.names,
    ExpressionAttributeValues: expression.values,
  };
}

import type { Message, MessageStatus } from '../../message/message';
import type { TransitionPlan } from '../../message/state-machine';
import { statusKeyAttributes } from '../../table';
import { DISPATCHED_AT } from './item';

export interface UpdateParts {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export interface TransitionTarget {
  /** The message as read; only its id and type (immutable) are used. */
  current: Pick<Message, 'id' | 'message_type'>;
  from: MessageStatus;
  to: MessageStatus;
  plan: TransitionPlan;
  /** Only under this lease (processing_started_at), when given. */
  lease?: string;
}

/** Collects SET/REMOVE clauses with a placeholder for every name and value. */
export class ExpressionBuilder {
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

  updateExpression(): string {
    const clauses = [`SET ${this.sets.join(', ')}`];
    if (this.removes.length) clauses.push(`REMOVE ${this.removes.join(', ')}`);
    return clauses.join(' ');
  }
}

/**
 * The conditional update of one transition: exactly what the state machine planned, plus the
 * status index keys, guarded by "still in `from`" (and "still under this lease"). One item,
 * one write: no transaction and no counter (the stream consumer counts).
 */
export function transitionUpdate({ current, from, to, plan, lease }: TransitionTarget): UpdateParts {
  const expression = new ExpressionBuilder();
  for (const [field, value] of Object.entries(plan.set)) expression.set(field, value);
  for (const field of plan.remove) expression.remove(field);
  const updatedDate = plan.set.updated_date;
  if (updatedDate === undefined) throw new Error('a transition plan always stamps updated_date');
  const keys = statusKeyAttributes({ id: current.id, status: to, message_type: current.message_type, updated_date: updatedDate });
  for (const [attribute, value] of Object.entries(keys)) expression.set(attribute, value);
  if (from === 'scheduled') expression.remove(DISPATCHED_AT);

  let condition = `${expression.name('status')} = ${expression.value(from)}`;
  if (lease !== undefined) condition += ` AND ${expression.name('processing_started_at')} = ${expression.value(lease)}`;
  return {
    UpdateExpression: expression.updateExpression(),
    ConditionExpression: condition,
    ExpressionAttributeNames: expression.names,
    ExpressionAttributeValues: expression.values,
  };
}

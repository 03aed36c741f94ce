import { DEFAULT_PRIORITY, DEFAULT_TTL_DAYS, type Message, type NewMessage, type Stage } from './message';
import { type Clock, type IdGenerator, toIso } from './clock';

export interface MessageFactoryOptions {
  stage: Stage;
  clock: Clock;
  ids: IdGenerator;
  /** Retention: the item's `ttl` is this many days after creation. */
  ttlDays?: number;
}

/**
 * Builds a new message with every derived field filled in: `created`, or `scheduled` with its
 * `deliver_at` when the sender asked for a later delivery. Retention counts from the delivery
 * time, so a message scheduled far ahead is kept as long after it is sent as any other.
 */
export function buildMessage(input: NewMessage, options: MessageFactoryOptions): Message {
  const now = options.clock.now();
  const id = options.ids.next(now);
  const iso = toIso(now);
  const ttlDays = options.ttlDays ?? DEFAULT_TTL_DAYS;
  const deliverAt = input.deliver_at;
  const retainedFrom = Math.max(now.getTime(), deliverAt?.getTime() ?? 0);
  return {
    id,
    stage: options.stage,
    message_type: input.message_type,
    status: deliverAt ? 'scheduled' : 'created',
    ...(deliverAt ? { deliver_at: toIso(deliverAt) } : {}),
    payload: input.payload,
    ...(input.title !== undefined ? { title: input.title } : {}),
    priority: input.priority ?? DEFAULT_PRIORITY,
    tags: input.tags ?? [],
    ...(input.click !== undefined ? { click: input.click } : {}),
    markdown: input.markdown ?? false,
    created_by: input.created_by,
    ...(input.created_by_name !== undefined ? { created_by_name: input.created_by_name } : {}),
    created_date: iso,
    updated_date: iso,
    attempts: 0,
    correlation_id: input.correlation_id ?? id,
    ...(input.idempotency_key !== undefined ? { idempotency_key: input.idempotency_key } : {}),
    ttl: Math.floor(retainedFrom / 1000) + ttlDays * 86_400,
  };
}

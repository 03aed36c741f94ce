import type { Metrics } from '../ports/message-repository';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES, type Message } from '../message/message';

/**
 * The metrics of a set of messages, counted one by one: what the repository's counters must
 * always equal for the messages it holds (the tests' oracle).
 */
export function tallyMessages(messages: readonly Message[]): Metrics {
  const counts = <K extends string>(keys: readonly K[], field: (message: Message) => K) =>
    Object.fromEntries(keys.map((key) => [key, messages.filter((message) => field(message) === key).length])) as Record<K, number>;
  return {
    total: messages.length,
    by_status: counts(MESSAGE_STATUSES, (message) => message.status),
    by_stage: counts(STAGES, (message) => message.stage),
    by_type: counts(MESSAGE_TYPES, (message) => message.message_type),
  };
}

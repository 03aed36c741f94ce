import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES } from '../../message/message';
import type { MessageChange } from '../../usecases/count-stream-changes';
import { isMessageItem } from './item';

/** The part of a DynamoDB stream record (Lambda's or GetRecords') that counting reads. */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
  };
}

export interface ReadChanges {
  /** Changes of message items, in record order. */
  changes: MessageChange[];
  /** Sequence numbers of records that could not be read (an image missing or malformed). */
  malformed: string[];
}

const includes = (values: readonly string[], value: unknown): boolean => typeof value === 'string' && values.includes(value);

type Counted = NonNullable<MessageChange['after']>;

/** The fields the counters are keyed on, or undefined when the image lacks one. */
function countedOf(item: Record<string, unknown>): Counted | undefined {
  const { status, stage, message_type: type } = item;
  if (!includes(MESSAGE_STATUSES, status) || !includes(STAGES, stage) || !includes(MESSAGE_TYPES, type)) return undefined;
  return { status, stage, message_type: type } as Counted;
}

/**
 * The message changes in a batch of stream records (NEW_AND_OLD_IMAGES): inserts, status
 * changes and deletions (TTL expiry) of message items. Attempts, metrics slots and idempotency
 * keys are not messages and are skipped; a change that moves no count (a lease takeover) still
 * counts as seen, so the checkpoint moves past it.
 */
export function messageChangesOf(records: readonly StreamRecordLike[]): ReadChanges {
  const result: ReadChanges = { changes: [], malformed: [] };
  for (const record of records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    try {
      const before = record.dynamodb?.OldImage && unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>);
      const after = record.dynamodb?.NewImage && unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
      const image = after ?? before;
      if (!image || !/^\d+$/.test(sequence)) {
        result.malformed.push(sequence);
        continue;
      }
      if (!isMessageItem(image)) continue;
      // An insert has no old image and a removal no new one; a modify must have both.
      const wanted = { INSERT: [false, true], MODIFY: [true, true], REMOVE: [true, false] }[record.eventName ?? ''];
      const counted = { before: before && countedOf(before), after: after && countedOf(after) };
      if (!wanted || wanted[0] !== Boolean(counted.before) || wanted[1] !== Boolean(counted.after)) {
        result.malformed.push(sequence);
        continue;
      }
      result.changes.push({ sequence, ...(counted.before ? { before: counted.before } : {}), ...(counted.after ? { after: counted.after } : {}) });
    } catch {
      result.malformed.push(sequence);
    }
  }
  return result;
}

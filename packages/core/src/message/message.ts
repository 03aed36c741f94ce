export const STAGES = ['dev', 'stage', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const MESSAGE_TYPES = ['hello_world', 'manual', 'scheduled'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const MESSAGE_STATUSES = ['scheduled', 'created', 'queued', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** ntfy's limit on a message body, in UTF-8 bytes. */
export const MAX_PAYLOAD_BYTES = 4096;
export const DEFAULT_PRIORITY = 3;
/** The longest error_message kept, in characters (code points, as JSON Schema's maxLength counts). */
export const MAX_ERROR_MESSAGE_CHARS = 2048;
export const DEFAULT_TTL_DAYS = 90;
/** The furthest ahead a message may be scheduled. */
export const MAX_SCHEDULE_DAYS = 365;

/**
 * A notification and its delivery record. Field names are snake_case everywhere it travels:
 * the API, the SNS body and the DynamoDB item. Timestamps are ISO 8601 UTC with milliseconds.
 */
export interface Message {
  /** ULID: time-sortable and collision-free. */
  id: string;
  stage: Stage;
  message_type: MessageType;
  status: MessageStatus;
  payload: string;
  title?: string;
  /** 1 (min) .. 5 (max), as ntfy. */
  priority: number;
  tags: string[];
  click?: string;
  markdown: boolean;
  /** Who created it: `api` (the machine token), a schedule, or a signed-in user's `sub`. */
  created_by: string;
  /** The signed-in user's email (or username), for display; absent for the machine token. */
  created_by_name?: string;
  created_date: string;
  updated_date: string;
  queued_at?: string;
  processing_started_at?: string;
  completed_at?: string;
  failed_at?: string;
  cancelled_at?: string;
  /** When a `scheduled` message is due: it is never delivered before this time. */
  deliver_at?: string;
  /** Delivery attempts made so far (ntfy requests that were tried). */
  attempts: number;
  error_message?: string;
  /** The id ntfy gave the delivered notification. */
  notification_id?: string;
  correlation_id: string;
  idempotency_key?: string;
  /** Epoch seconds after which DynamoDB may delete the item. */
  ttl: number;
}

/** What a notification says and how it looks: the part of a message its sender chooses. */
export interface MessageContent {
  message_type: MessageType;
  payload: string;
  title?: string;
  priority?: number;
  tags?: string[];
  click?: string;
  markdown?: boolean;
}

/** What a caller supplies to create a message; everything else is derived. */
export interface NewMessage extends MessageContent {
  created_by: string;
  created_by_name?: string;
  /** Deliver no earlier than this; absent means now. */
  deliver_at?: Date;
  correlation_id?: string;
  idempotency_key?: string;
}

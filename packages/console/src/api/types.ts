import type { DeliveryAttempt, Message, MessageContent, MessageStatus, MessageType, Metrics } from '@rez-agent/core/api';

export type { DeliveryAttempt, Message, MessageStatus, MessageType, Metrics };

/** `GET /api/messages`. */
export interface MessagePage {
  messages: Message[];
  count: number;
  next_cursor: string | null;
}

/** `GET /api/auth/config`: where and how people sign in. */
export interface AuthConfig {
  issuer: string;
  discovery_url: string;
  client_id: string;
  scopes: string[];
}

/** `GET /api/auth/me`: who the API takes the caller for, and what they may do. */
export interface Me {
  id: string;
  name?: string;
  role: 'operator' | 'reader';
}

/** What a message (or a schedule's message) says: the content fields of `POST /api/messages`. */
export type MessageInput = Omit<MessageContent, 'message_type'> & { message_type?: MessageType };

/** A schedule of `GET /api/schedules` (issue 11). */
export interface Schedule {
  name: string;
  expression: string;
  timezone: string;
  message: MessageInput;
  state: 'enabled' | 'paused';
  source: 'api' | 'stack';
  next_run_at?: string | null;
  last_run_at?: string | null;
  last_message_id?: string | null;
  missed_runs?: number;
  created_at?: string;
  updated_at?: string;
}

export interface SchedulePage {
  schedules: Schedule[];
  next_cursor?: string | null;
}

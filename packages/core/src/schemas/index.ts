import type { Message, MessageStatus, MessageType, Stage } from '../message/message';
import { createMessageRequestSchema, listQuerySchema, messageSchema, queueRecordBodySchema } from './definitions';
import { compiledValidator, validate } from './validate';

export { createMessageRequestSchema, listQuerySchema, messageSchema, queueRecordBodySchema } from './definitions';
export { validate, compiledValidator } from './validate';

/** The body of POST /api/messages. */
export interface CreateMessageRequest {
  message_type: MessageType;
  payload: string;
  title?: string;
  priority?: number;
  tags?: string[];
  click?: string;
  markdown?: boolean;
}

/** The query of GET /api/messages, after coercion and defaults. */
export interface ListMessagesQuery {
  stage?: Stage;
  status?: MessageStatus;
  message_type?: MessageType;
  limit: number;
  cursor?: string;
}

const createRequestValidator = compiledValidator<CreateMessageRequest>(createMessageRequestSchema);
const messageValidator = compiledValidator<Message>(messageSchema);
const listQueryValidator = compiledValidator<ListMessagesQuery>(listQuerySchema, { coerceTypes: true });
const queueRecordBodyValidator = compiledValidator<Message>(queueRecordBodySchema);

/** Validates a create request (defaults applied: message_type manual). */
export const parseCreateMessageRequest = (body: unknown): CreateMessageRequest =>
  validate(createRequestValidator, structuredCloneIfObject(body), 'request body');

export const parseMessage = (data: unknown): Message => validate(messageValidator, data, 'message');

/** Validates a query-string object (values are strings; limit is coerced, default 100). */
export const parseListQuery = (query: Record<string, string | undefined>): ListMessagesQuery =>
  validate(listQueryValidator, { ...query }, 'query');

/** Validates the message carried by a queue record's body (already JSON-parsed). */
export const parseQueueRecordBody = (data: unknown): Message => validate(queueRecordBodyValidator, data, 'queue record body');

// ajv's useDefaults writes into the object it validates: never into the caller's.
function structuredCloneIfObject(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

import { LogCode, retryMessage as retry } from '@rez-agent/core';
import type { RouteHandler } from '../types';
import { messageIdParam } from './message-id';

/** failed → queued, then republished; 202 because delivery happens later. Takes no body. */
export const retryMessage: RouteHandler = {
  errors: {
    notFound: ({ params }) => `no message has the id ${messageIdParam(params)}`,
    conflict: ({ params }, error) =>
      `message ${messageIdParam(params)} is ${error.currentStatus ?? 'not failed'}; only a failed message can be retried`,
  },
  async handle({ params, logger }, deps) {
    const id = messageIdParam(params);
    const message = await retry(deps, id);
    logger.info({ code: LogCode.MESSAGE_REQUEUED, message_id: id }, 'failed message queued again by request');
    return { statusCode: 202, body: message };
  },
};

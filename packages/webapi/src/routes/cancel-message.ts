import { LogCode, cancelMessage as cancel } from '@rez-agent/core';
import type { RouteHandler } from '../types';
import { messageIdParam } from './message-id';

/**
 * scheduled | created | queued → cancelled (200, the message); it is never sent, whatever is
 * already in a queue. 409 from any other status: a delivery has started or ended. Takes no body.
 */
export const cancelMessage: RouteHandler = {
  errors: {
    notFound: ({ params }) => `no message has the id ${messageIdParam(params)}`,
    conflict: ({ params }, error) =>
      `message ${messageIdParam(params)} is ${error.currentStatus ?? 'being delivered'}; only a scheduled, created or queued message can be cancelled`,
  },
  async handle({ params, logger }, deps) {
    const id = messageIdParam(params);
    const message = await cancel(deps, id);
    logger.info({ code: LogCode.MESSAGE_CANCELLED, message_id: id }, 'message cancelled by request');
    return { statusCode: 200, body: message };
  },
};

import { ConflictError, LogCode, NotFoundError, retryMessage as retry } from '@rez-agent/core';
import { ConflictHttpError, NotFoundHttpError } from '../http/problem';
import type { RouteHandler } from '../types';
import { messageIdParam } from './message-id';

/** failed → queued, then republished; 202 because delivery happens later. Takes no body. */
export const retryMessage: RouteHandler = {
  auth: 'bearer',
  async handle({ params, logger }, deps) {
    const id = messageIdParam(params);
    try {
      const message = await retry(deps, id);
      logger.info({ code: LogCode.MESSAGE_REQUEUED, message_id: id }, 'failed message queued again by request');
      return { statusCode: 202, body: message };
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundHttpError(`no message has the id ${id}`, { cause: error });
      if (error instanceof ConflictError) {
        const status = error.currentStatus;
        throw new ConflictHttpError(
          `message ${id} is ${status ?? 'not failed'}; only a failed message can be retried`,
          status,
          { cause: error },
        );
      }
      throw error;
    }
  },
};

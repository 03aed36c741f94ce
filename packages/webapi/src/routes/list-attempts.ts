import { NotFoundHttpError } from '../http/problem';
import type { RouteHandler } from '../types';
import { messageIdParam } from './message-id';

/** `{ attempts: [...] }`, oldest first: every request made to ntfy for the message. 404 for an unknown id. */
export const listAttempts: RouteHandler = {
  async handle({ params }, { repository }) {
    const id = messageIdParam(params);
    // Attempts outlive nothing: without the message (unknown, or expired) there is nothing to show.
    const [message, attempts] = await Promise.all([repository.get(id), repository.listAttempts(id)]);
    if (!message) throw new NotFoundHttpError(`no message has the id ${id}`);
    return { statusCode: 200, body: { attempts } };
  },
};

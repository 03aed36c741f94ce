import { NotFoundHttpError } from '../http/problem';
import type { RouteHandler } from '../types';
import { messageIdParam } from './message-id';

export const getMessage: RouteHandler = {
  async handle({ params }, { repository }) {
    const id = messageIdParam(params);
    const message = await repository.get(id);
    if (!message) throw new NotFoundHttpError(`no message has the id ${id}`);
    return { statusCode: 200, body: message };
  },
};

import { parseListQuery } from '@rez-agent/core';
import type { RouteHandler } from '../types';

/**
 * Newest first, one page per call. A read is one repository call, so no use case sits between:
 * the repository validates the cursor itself (a ValidationError at `/cursor`, a 400 like any
 * other bad query parameter).
 */
export const listMessages: RouteHandler = {
  errors: { input: 'query' },
  async handle({ event }, { repository }) {
    const page = await repository.list(parseListQuery(event.queryStringParameters ?? {}));
    return { statusCode: 200, body: { messages: page.messages, count: page.messages.length, next_cursor: page.next_cursor ?? null } };
  },
};

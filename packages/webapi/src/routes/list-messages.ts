import { ValidationError, parseListQuery, type ListMessagesQuery } from '@rez-agent/core';
import { badInput } from '../http/validation';
import type { RouteHandler } from '../types';

function listQueryOf(query: Record<string, string | undefined>): ListMessagesQuery {
  try {
    return parseListQuery(query);
  } catch (error) {
    throw error instanceof ValidationError ? badInput(error, 'query') : error;
  }
}

/**
 * Newest first, one page per call. A read is one repository call, so no use case sits between:
 * the repository already validates the cursor (a ValidationError at `/cursor`).
 */
export const listMessages: RouteHandler = {
  auth: 'bearer',
  async handle({ event }, { repository }) {
    const query = listQueryOf(event.queryStringParameters ?? {});
    try {
      const page = await repository.list(query);
      return { statusCode: 200, body: { messages: page.messages, count: page.messages.length, next_cursor: page.next_cursor ?? null } };
    } catch (error) {
      throw error instanceof ValidationError ? badInput(error, 'query') : error;
    }
  },
};

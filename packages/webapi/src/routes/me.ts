import type { RouteHandler } from '../types';

/** Who the API takes the caller for and what they may do: the console shows write controls to operators only. */
export const me: RouteHandler = {
  handle: ({ principal }) =>
    Promise.resolve({
      statusCode: 200,
      body: { id: principal.id, ...(principal.name === undefined ? {} : { name: principal.name }), role: principal.role },
    }),
};

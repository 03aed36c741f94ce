import type { PublicRouteHandler } from '../types';

/**
 * The human-readable API docs: one self-contained HTML page rendered from the OpenAPI document at
 * build time. Its Content-Security-Policy (built with it) lets only its own inline scripts run
 * and loads nothing from anywhere.
 */
export const docsPage: PublicRouteHandler = {
  handle: async (_request, { apiDocs }) => {
    const { html, headers } = await apiDocs.page();
    return {
      statusCode: 200,
      text: html,
      headers: {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      },
    };
  },
};

import type { PublicRouteHandler } from '../types';

/** The OpenAPI 3.1 document of this API, as committed in core and copied beside the bundle. */
export const openApiDocument: PublicRouteHandler = {
  handle: async (_request, { apiDocs }) => ({
    statusCode: 200,
    text: await apiDocs.document(),
    // It changes only with a deploy.
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
  }),
};

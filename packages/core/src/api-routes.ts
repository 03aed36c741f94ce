/**
 * The HTTP API's surface, defined once as API Gateway route keys: the webapi binds a handler to
 * each (its handler table is typed by these keys, so a missing one is a compile error) and the
 * stack gives each its own API Gateway route.
 */
export const API_ROUTE_KEYS = [
  'GET /api/health',
  'GET /api/messages',
  'POST /api/messages',
  'GET /api/messages/{id}',
  'POST /api/messages/{id}/retry',
  'POST /api/messages/{id}/cancel',
  'GET /api/messages/{id}/attempts',
  'GET /api/metrics',
] as const;

export type ApiRouteKey = (typeof API_ROUTE_KEYS)[number];

/** `GET /api/messages/{id}` → `{ method: 'GET', path: '/api/messages/{id}' }`. */
export function splitRouteKey(key: ApiRouteKey): { method: string; path: string } {
  const [method = '', path = ''] = key.split(' ');
  return { method, path };
}

/** The largest (decoded) request body the API accepts, in bytes: the webapi and the sandbox's gateway both enforce it. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

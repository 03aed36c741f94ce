/**
 * The HTTP API's surface, defined once as API Gateway route keys with the access each needs:
 * the webapi binds a handler to each (its handler table is typed by these keys, so a missing
 * one is a compile error) and enforces the access; the stack gives each its own route.
 */

/**
 * `public`: no credentials. `read`: any signed-in user or the machine token. `operate`: the
 * operators group or the machine token (every route that changes something).
 */
export const ROUTE_ACCESS = ['public', 'read', 'operate'] as const;
export type RouteAccess = (typeof ROUTE_ACCESS)[number];

export const API_ROUTE_TABLE = {
  'GET /api/health': { access: 'public' },
  'GET /api/auth/config': { access: 'public' },
  'GET /api/auth/me': { access: 'read' },
  'GET /api/messages': { access: 'read' },
  'POST /api/messages': { access: 'operate' },
  'GET /api/messages/{id}': { access: 'read' },
  'POST /api/messages/{id}/retry': { access: 'operate' },
  'POST /api/messages/{id}/cancel': { access: 'operate' },
  'GET /api/messages/{id}/attempts': { access: 'read' },
  'GET /api/metrics': { access: 'read' },
  'GET /api/openapi.json': { access: 'public' },
  'GET /docs': { access: 'public' },
  // The console's page and its hashed files: public, as its API calls carry the token.
  'GET /console': { access: 'public' },
  'GET /console/{asset}': { access: 'public' },
  'POST /api/schedules': { access: 'operate' },
  'GET /api/schedules': { access: 'read' },
  'GET /api/schedules/{name}': { access: 'read' },
  'PATCH /api/schedules/{name}': { access: 'operate' },
  'DELETE /api/schedules/{name}': { access: 'operate' },
  'POST /api/schedules/{name}/pause': { access: 'operate' },
  'POST /api/schedules/{name}/resume': { access: 'operate' },
  'POST /api/schedules/{name}/trigger': { access: 'operate' },
} as const satisfies Record<string, { access: RouteAccess }>;

export type ApiRouteKey = keyof typeof API_ROUTE_TABLE;

export const API_ROUTE_KEYS = Object.keys(API_ROUTE_TABLE) as readonly ApiRouteKey[];

/** The access a route needs. */
export const routeAccess = (key: ApiRouteKey): RouteAccess => API_ROUTE_TABLE[key].access;

/** `GET /api/messages/{id}` → `{ method: 'GET', path: '/api/messages/{id}' }`. */
export function splitRouteKey(key: ApiRouteKey): { method: string; path: string } {
  const [method = '', path = ''] = key.split(' ');
  return { method, path };
}

/** The largest (decoded) request body the API accepts, in bytes: the webapi and the sandbox's gateway both enforce it. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

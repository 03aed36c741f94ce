import type { PublicRouteHandler } from '../types';

/** Liveness only: no dependency is called, so a health check costs nothing and needs no token. */
export const health: PublicRouteHandler = {
  handle: (_request, deps) =>
    Promise.resolve({ statusCode: 200, body: { status: 'healthy', timestamp: deps.clock.now().toISOString(), stage: deps.stage } }),
};

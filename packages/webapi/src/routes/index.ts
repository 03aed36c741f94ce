import type { RouteDefinition } from '../http/router';
import type { RouteHandler } from '../types';
import { createMessage } from './create-message';
import { getMessage } from './get-message';
import { health } from './health';
import { listMessages } from './list-messages';
import { metrics } from './metrics';
import { retryMessage } from './retry-message';

/** The API's surface, in one table. */
export const ROUTES: readonly RouteDefinition<RouteHandler>[] = [
  { method: 'GET', pattern: '/api/health', handler: health },
  { method: 'GET', pattern: '/api/messages', handler: listMessages },
  { method: 'POST', pattern: '/api/messages', handler: createMessage },
  { method: 'GET', pattern: '/api/messages/{id}', handler: getMessage },
  { method: 'POST', pattern: '/api/messages/{id}/retry', handler: retryMessage },
  { method: 'GET', pattern: '/api/metrics', handler: metrics },
];

import { API_ROUTE_KEYS, splitRouteKey, type ApiRouteKey } from '@rez-agent/core';
import type { RouteDefinition } from '../http/router';
import type { RouteHandler } from '../types';
import { cancelMessage } from './cancel-message';
import { createMessage } from './create-message';
import { getMessage } from './get-message';
import { health } from './health';
import { listAttempts } from './list-attempts';
import { listMessages } from './list-messages';
import { metrics } from './metrics';
import { retryMessage } from './retry-message';

const HANDLERS: Readonly<Record<ApiRouteKey, RouteHandler>> = {
  'GET /api/health': health,
  'GET /api/messages': listMessages,
  'POST /api/messages': createMessage,
  'GET /api/messages/{id}': getMessage,
  'POST /api/messages/{id}/retry': retryMessage,
  'POST /api/messages/{id}/cancel': cancelMessage,
  'GET /api/messages/{id}/attempts': listAttempts,
  'GET /api/metrics': metrics,
};

/** The API's surface: core's route table (shared with the stack), each bound to its handler. */
export const ROUTES: readonly RouteDefinition<RouteHandler>[] = API_ROUTE_KEYS.map((key) => {
  const { method, path } = splitRouteKey(key);
  return { method, pattern: path, handler: HANDLERS[key] };
});

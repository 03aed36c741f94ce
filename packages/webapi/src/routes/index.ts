import { API_ROUTE_KEYS, API_ROUTE_TABLE, splitRouteKey, type ApiRouteKey } from '@rez-agent/core';
import type { RouteDefinition } from '../http/router';
import type { BoundHandler, RouteHandlerFor } from '../types';
import { authConfig } from './auth-config';
import { cancelMessage } from './cancel-message';
import { consoleAsset, consolePage } from './console';
import { createMessage } from './create-message';
import { docsPage } from './docs-page';
import { getMessage } from './get-message';
import { health } from './health';
import { listAttempts } from './list-attempts';
import { listMessages } from './list-messages';
import { me } from './me';
import { metrics } from './metrics';
import { openApiDocument } from './openapi-document';
import { retryMessage } from './retry-message';
import { createSchedule } from './create-schedule';
import { listSchedules } from './list-schedules';
import { pauseSchedule, resumeSchedule, triggerSchedule } from './schedule-actions';
import { deleteSchedule, getSchedule, updateSchedule } from './schedule-by-name';

/** Typed by core's table: a public route gets no principal, every other route is given one. */
const HANDLERS: { readonly [K in ApiRouteKey]: RouteHandlerFor<(typeof API_ROUTE_TABLE)[K]['access']> } = {
  'GET /api/health': health,
  'GET /api/auth/config': authConfig,
  'GET /api/auth/me': me,
  'GET /api/messages': listMessages,
  'POST /api/messages': createMessage,
  'GET /api/messages/{id}': getMessage,
  'POST /api/messages/{id}/retry': retryMessage,
  'POST /api/messages/{id}/cancel': cancelMessage,
  'GET /api/messages/{id}/attempts': listAttempts,
  'GET /api/metrics': metrics,
  'GET /api/openapi.json': openApiDocument,
  'GET /docs': docsPage,
  'GET /console': consolePage,
  'GET /console/{asset}': consoleAsset,
  'POST /api/schedules': createSchedule,
  'GET /api/schedules': listSchedules,
  'GET /api/schedules/{name}': getSchedule,
  'PATCH /api/schedules/{name}': updateSchedule,
  'DELETE /api/schedules/{name}': deleteSchedule,
  'POST /api/schedules/{name}/pause': pauseSchedule,
  'POST /api/schedules/{name}/resume': resumeSchedule,
  'POST /api/schedules/{name}/trigger': triggerSchedule,
};

/** The API's surface: core's route table (shared with the stack), each bound to its handler and access. */
export const ROUTES: readonly RouteDefinition<BoundHandler>[] = API_ROUTE_KEYS.map((key) => {
  const { method, path } = splitRouteKey(key);
  return { method, pattern: path, handler: { access: API_ROUTE_TABLE[key].access, handler: HANDLERS[key] } as BoundHandler };
});

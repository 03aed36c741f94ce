/**
 * What an API client needs at run time, free of the SDK and the validators: the `rez` CLI
 * bundles this entry (`@rez-agent/core/api`) instead of the whole core.
 */
export { API_ROUTE_KEYS, splitRouteKey, type ApiRouteKey } from './api-routes';
export { DEFAULT_PRIORITY, MESSAGE_STATUSES, MESSAGE_TYPES, STAGES, type Message, type MessageStatus, type MessageType } from './message/message';

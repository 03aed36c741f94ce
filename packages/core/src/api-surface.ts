/**
 * What an API client needs at run time, free of the SDK and the validators: the `rez` CLI
 * and the console bundle this entry (`@rez-agent/core/api`) instead of the whole core.
 */
export { API_ROUTE_KEYS, splitRouteKey, type ApiRouteKey } from './api-routes';
export { DEFAULT_PRIORITY, MESSAGE_STATUSES, MESSAGE_TYPES, STAGES, type Message, type MessageStatus, type MessageType } from './message/message';
export { ATTEMPT_OUTCOMES, type AttemptOutcome, type DeliveryAttempt } from './message/attempt';
export type { MessageContent } from './message/message';
export type { Metrics } from './ports/message-repository';

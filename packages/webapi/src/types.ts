import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Clock, IdGenerator, Logger, MessagePublisher, MessageRepository, Stage } from '@rez-agent/core';
import type { Authenticator, Principal } from './http/auth';
import type { CorsPolicy } from './http/cors';

/** Everything the web API needs; `dependencies.ts` builds the real ones, tests their own. */
export interface WebApiDependencies {
  repository: MessageRepository;
  publisher: MessagePublisher;
  authenticate: Authenticator;
  cors: CorsPolicy;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  stage: Stage;
  /** Retention of new messages. */
  ttlDays: number;
}

/** What a route handler is given about its request. */
export interface RouteRequest {
  event: APIGatewayProxyEventV2;
  /** Path parameters, decoded, e.g. `{ id }`. */
  params: Readonly<Record<string, string>>;
  requestId: string;
  correlationId: string;
  logger: Logger;
}

export interface AuthenticatedRequest extends RouteRequest {
  principal: Principal;
}

/** A successful answer; errors are thrown as HttpError instead. */
export interface RouteResponse {
  statusCode: number;
  /** Serialised as JSON; absent for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler =
  | { auth: 'none'; handle(request: RouteRequest, deps: WebApiDependencies): Promise<RouteResponse> }
  | { auth: 'bearer'; handle(request: AuthenticatedRequest, deps: WebApiDependencies): Promise<RouteResponse> };

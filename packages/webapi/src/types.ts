import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Clock, ConflictError, DeliveryQueue, IdGenerator, Logger, LoggerOptions, MessagePublisher, MessageRepository, RouteAccess, ScheduleRepository, SecretStore, Stage } from '@rez-agent/core';
import type { ApiDocs } from './http/api-docs';
import type { Authenticator, Principal } from './http/auth';
import type { ConsoleAssets } from './static/console-assets';
import type { InputLocation } from './http/validation';

/** Everything the web API needs; `dependencies.ts` builds the real ones, tests their own. */
export interface WebApiDeps {
  repository: MessageRepository;
  schedules: ScheduleRepository;
  publisher: MessagePublisher;
  /** The processor's queue: scheduled messages due within 15 minutes are sent to it with a delay. */
  queue: DeliveryQueue;
  authenticate: Authenticator;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  stage: Stage;
  /** Retention of new messages. */
  ttlDays: number;
  /** Absent when the deployment has no OIDC sign-in (machine token only). */
  signIn?: SignInSettings;
  /** The OpenAPI document and the docs page, served at /api/openapi.json and /docs. */
  apiDocs: ApiDocs;
  /** The console's built files, served at /console. */
  consoleAssets: ConsoleAssets;
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
  /** A body sent as it is instead (its Content-Type in `headers`). */
  text?: string;
  /** Bytes sent as they are (base64 to API Gateway), e.g. a gzipped file; its headers in `headers`. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

/**
 * How a route words the domain errors its use case throws; the handler alone turns them into
 * problems (make-handler.ts), so no route needs a try/catch for them.
 */
export interface DomainErrorWording {
  /** Where the fields of a ValidationError are: the body (JSON Pointers) or the query string. */
  input?: InputLocation;
  notFound?: (request: RouteRequest) => string;
  conflict?: (request: RouteRequest, error: ConflictError) => string;
}

/** A route that needs credentials (core's route table says which role): it is told who calls. */
export interface RouteHandler {
  errors?: DomainErrorWording;
  // Property syntax: a handler that reads `principal` must not pass for a public one.
  handle: (request: AuthenticatedRequest, deps: WebApiDeps) => Promise<RouteResponse>;
}

/** A route core's table declares `public`: no credentials, no principal. */
export interface PublicRouteHandler {
  errors?: DomainErrorWording;
  handle: (request: RouteRequest, deps: WebApiDeps) => Promise<RouteResponse>;
}

/** The handler type core's access for a route calls for. */
export type RouteHandlerFor<A extends RouteAccess> = A extends 'public' ? PublicRouteHandler : RouteHandler;

/** A handler bound to its route's access, as the router holds it. */
export type BoundHandler =
  | { access: 'public'; handler: PublicRouteHandler }
  | { access: Exclude<RouteAccess, 'public'>; handler: RouteHandler };

/** What the console needs to sign people in (`GET /api/auth/config`). */
export interface SignInSettings {
  issuer: string;
  clientId: string;
  scopes: readonly string[];
}

/** The outside world the web API talks to; tests point it at emulators. */
export interface WebApiIo {
  dynamo?: DynamoDBDocumentClient;
  sns?: SNSClient;
  /** The processor's queue, for the delayed records of scheduled messages. */
  sqs?: SQSClient;
  /** Where REZ_API_TOKEN_PARAMETER is read (SSM in AWS). */
  secrets?: SecretStore;
  clock?: Clock;
  logDestination?: LoggerOptions['destination'];
  /** Where the contract files are (default: dist/api-docs/ beside the bundle). */
  apiDocsDirectory?: URL;
  /** Where the console's files are; unset: `console/` beside the bundle. */
  consoleAssets?: ConsoleAssets;
}

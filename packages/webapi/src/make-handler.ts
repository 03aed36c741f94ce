import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LogCode, type Logger } from '@rez-agent/core';
import { correlationIdOf } from './http/correlation';
import { httpErrorOf } from './http/domain-errors';
import { ForbiddenError, MethodNotAllowedError, NotFoundHttpError, type HttpError } from './http/problem';
import { routePath } from './http/request';
import { problemResult, toResult } from './http/response';
import { Router, type RouteMatch } from './http/router';
import { ROUTES } from './routes/index';
import type { BoundHandler, RouteRequest, RouteResponse, WebApiDeps } from './types';

export type WebApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const router = new Router<BoundHandler>(ROUTES);

/** The matched pattern, for logs: never the raw path, which carries ids. */
function routeName(match: RouteMatch<BoundHandler>): string {
  if (match.kind === 'found') return match.route.pattern;
  return match.kind === 'method-not-allowed' ? match.pattern : 'unmatched';
}

/** Answers a matched request: an OPTIONS, a 404/405, or the route (authenticated and authorised unless public). */
async function respond(
  match: RouteMatch<BoundHandler>,
  method: string,
  path: string,
  request: RouteRequest,
  deps: WebApiDeps,
): Promise<RouteResponse> {
  if (match.kind === 'not-found') throw new NotFoundHttpError(`there is no ${path}`);
  if (match.kind === 'method-not-allowed') {
    const allow = [...match.allowed, 'OPTIONS'];
    // OPTIONS is answered for every known path, without auth. Where CORS is configured the
    // gateway answers preflights itself, from core's CORS definition.
    if (method !== 'OPTIONS') throw new MethodNotAllowedError(method, path, allow);
    return { statusCode: 204, headers: { Allow: allow.join(', ') } };
  }
  const bound = match.route.handler;
  if (bound.access === 'public') return bound.handler.handle(request, deps);
  const principal = await deps.authenticate(request.event);
  if (bound.access === 'operate' && principal.role !== 'operator') {
    throw new ForbiddenError(`${method} ${path} changes data; only operators and the API token may; you may read`);
  }
  return bound.handler.handle({ ...request, principal }, deps);
}

/**
 * The API Gateway HTTP API (payload 2.0) handler: route, authenticate, run, and turn every
 * outcome into a response with X-Request-Id and X-Correlation-Id (CORS headers are the
 * gateway's). Every thrown error becomes its answer here, in httpErrorOf: a 5xx is logged with
 * the request id and answered with no internals.
 */
export function makeHandler(deps: WebApiDeps): WebApiHandler {
  return async (event) => {
    const started = performance.now();
    const requestId = event.requestContext.requestId;
    const correlationId = correlationIdOf(event);
    const logger: Logger = deps.logger.child({ request_id: requestId, correlation_id: correlationId });
    const method = event.requestContext.http.method.toUpperCase();
    const path = routePath(event);
    const match = router.match(method, path);
    const headers = { 'X-Request-Id': requestId, 'X-Correlation-Id': correlationId };
    const request: RouteRequest = { event, params: match.kind === 'found' ? match.params : {}, requestId, correlationId, logger };

    let result: APIGatewayProxyStructuredResultV2;
    let problem: HttpError | undefined;
    try {
      result = toResult(await respond(match, method, path, request, deps), headers);
    } catch (error) {
      problem = httpErrorOf(error, request, match.kind === 'found' ? match.route.handler.handler.errors : undefined);
      if (problem.statusCode >= 500) logger.error({ code: LogCode.UNEXPECTED_ERROR, error }, 'request failed');
      result = problemResult(problem, headers);
    }

    const status = result.statusCode ?? 200;
    const line = {
      code: LogCode.REQUEST_COMPLETED,
      method,
      route: routeName(match),
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      ...(problem ? { problem: problem.message } : {}),
    };
    if (status >= 500) logger.error(line, 'request completed');
    else logger.info(line, 'request completed');
    return result;
  };
}

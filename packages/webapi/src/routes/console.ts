import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundHttpError } from '../http/problem';
import { header } from '../http/request';
import { CONSOLE_PAGE } from '../static/console-assets';
import { consoleSecurityHeaders } from '../static/security-headers';
import type { PublicRouteHandler, RouteResponse, WebApiDeps } from '../types';

/** A hashed file never changes under its name: browsers and caches may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Whether the client takes gzip (`Accept-Encoding: gzip`, not refused with `;q=0`). */
function acceptsGzip(event: APIGatewayProxyEventV2): boolean {
  const codings = (header(event, 'accept-encoding') ?? '').toLowerCase().split(',');
  return codings.some((coding) => {
    const [name = '', ...parameters] = coding.split(';').map((part) => part.trim());
    return (name === 'gzip' || name === '*') && !parameters.some((parameter) => /^q=0(\.0{0,3})?$/.test(parameter));
  });
}

async function serve(name: string, event: APIGatewayProxyEventV2, deps: WebApiDeps): Promise<RouteResponse> {
  const security = consoleSecurityHeaders(deps.signIn?.issuer);
  const asset = await deps.consoleAssets.get(name);
  if (!asset) throw new NotFoundHttpError(`the console has no file named ${name}`, { headers: security });
  const headers = {
    'Content-Type': asset.contentType,
    // The page is revalidated on every load, so a deploy's new asset names are seen at once.
    'Cache-Control': asset.immutable ? IMMUTABLE : 'no-cache',
    Vary: 'Accept-Encoding',
    ...security,
  };
  if (acceptsGzip(event)) return { statusCode: 200, bytes: asset.gzipped, headers: { ...headers, 'Content-Encoding': 'gzip' } };
  return { statusCode: 200, text: asset.body, headers };
}

/** `GET /console` (and `/console/`, the sign-in redirect URI): the console's page. Public: its API calls carry the token. */
export const consolePage: PublicRouteHandler = {
  handle: ({ event }, deps) => serve(CONSOLE_PAGE, event, deps),
};

/** `GET /console/{asset}`: the page's script and stylesheet, by their hashed names. */
export const consoleAsset: PublicRouteHandler = {
  handle: ({ event, params }, deps) => serve(params.asset ?? '', event, deps),
};

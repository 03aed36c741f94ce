import { CONSOLE_PAGE } from '../static/console-assets';
import { consoleSecurityHeaders } from '../static/security-headers';
import { NotFoundHttpError } from '../http/problem';
import type { PublicRouteHandler, RouteResponse, WebApiDeps } from '../types';

/** A hashed file never changes under its name: browsers and caches may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

async function serve(name: string, deps: WebApiDeps): Promise<RouteResponse> {
  const security = consoleSecurityHeaders(deps.signIn?.issuer);
  const asset = await deps.consoleAssets.get(name);
  if (!asset) throw new NotFoundHttpError(`the console has no file named ${name}`, { headers: security });
  return {
    statusCode: 200,
    text: asset.body,
    // The page is revalidated on every load, so a deploy's new asset names are seen at once.
    headers: { 'Content-Type': asset.contentType, 'Cache-Control': asset.immutable ? IMMUTABLE : 'no-cache', ...security },
  };
}

/** `GET /console` (and `/console/`, the sign-in redirect URI): the console's page. Public: its API calls carry the token. */
export const consolePage: PublicRouteHandler = {
  handle: (_request, deps) => serve(CONSOLE_PAGE, deps),
};

/** `GET /console/{asset}`: the page's script and stylesheet, by their hashed names. */
export const consoleAsset: PublicRouteHandler = {
  handle: ({ params }, deps) => serve(params.asset ?? '', deps),
};

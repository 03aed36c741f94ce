import { NotFoundHttpError } from '../http/problem';
import type { PublicRouteHandler } from '../types';

/**
 * What the console needs to sign people in: the issuer (its discovery document names the
 * authorization and token endpoints), the public client id and the scopes to ask for.
 */
export const authConfig: PublicRouteHandler = {
  handle: (_request, { signIn }) => {
    if (!signIn) return Promise.reject(new NotFoundHttpError('this deployment has no sign-in configured; use the API token'));
    return Promise.resolve({
      statusCode: 200,
      body: {
        issuer: signIn.issuer,
        discovery_url: `${signIn.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
        client_id: signIn.clientId,
        scopes: signIn.scopes,
      },
      headers: { 'Cache-Control': 'public, max-age=300' },
    });
  },
};

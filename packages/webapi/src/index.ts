// What other packages (the local sandbox) use to run the web API with their own dependencies.
export { makeHandler, type WebApiHandler } from './make-handler';
export { buildDependencies, WEBAPI_ENV } from './dependencies';
export { bearerTokenAuthenticator, API_TOKEN_PRINCIPAL, type Authenticator, type Principal } from './http/auth';
export { CorsPolicy } from './http/cors';
export type { WebApiDependencies } from './types';

import { render } from 'preact';
import { ApiProblem } from './api/problem';
import type { AuthConfig, Me } from './api/types';
import { completeSignIn, discoverProvider, isCallback, type Provider } from './auth/oidc';
import { App } from './app';
import { parseRoute, route } from './router';
import { api, auth, currentToken } from './session';
import './styles.css';

/** Finds the provider, finishes a sign-in coming back from it, and asks the API who the user is. */
async function start(): Promise<void> {
  let provider: Provider | undefined;
  try {
    provider = await discoverProvider(await api.get<AuthConfig>('/api/auth/config'));
  } catch (error) {
    // 404: this deployment takes the machine token only.
    if (!(error instanceof ApiProblem && error.status === 404)) throw error;
  }
  const url = new URL(location.href);
  if (provider && isCallback(url)) {
    try {
      const returnTo = await completeSignIn(provider, url);
      history.replaceState(null, '', `${location.pathname}${returnTo}`);
      route.value = parseRoute(location.hash);
    } catch (error) {
      history.replaceState(null, '', location.pathname);
      auth.value = { kind: 'signed-out', provider, notice: `Sign-in failed: ${error instanceof Error ? error.message : String(error)}` };
      return;
    }
  }
  if (!currentToken()) {
    auth.value = { kind: 'signed-out', ...(provider ? { provider } : {}) };
    return;
  }
  try {
    const me = await api.get<Me>('/api/auth/me');
    auth.value = { kind: 'signed-in', ...(provider ? { provider } : {}), me };
  } catch (error) {
    auth.value = { kind: 'signed-out', ...(provider ? { provider } : {}), notice: error instanceof ApiProblem ? error.message : String(error) };
  }
}

const root = document.getElementById('app')!;
render(<App />, root);
start().catch((error: unknown) => {
  auth.value = { kind: 'signed-out', notice: `The console could not start: ${error instanceof Error ? error.message : String(error)}` };
});

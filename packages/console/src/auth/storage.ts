/**
 * What the console keeps between page loads, in sessionStorage only (never localStorage): it
 * dies with the tab, and no other tab or later visit can read the token.
 */
const SESSION_KEY = 'rez-agent.session';
const PENDING_KEY = 'rez-agent.sign-in';

/** A signed-in user's tokens. */
export interface StoredSession {
  accessToken: string;
  /** Epoch milliseconds after which the access token is no longer accepted. */
  expiresAt: number;
  idToken?: string;
}

/** A sign-in under way: what the callback must match (state) and prove (the PKCE verifier). */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  /** The console page to return to after signing in, e.g. `#/messages/01J…`. */
  returnTo: string;
}

function read<T>(key: string): T | undefined {
  const raw = sessionStorage.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    sessionStorage.removeItem(key);
    return undefined;
  }
}

export const storedSession = (): StoredSession | undefined => read<StoredSession>(SESSION_KEY);
export const storeSession = (session: StoredSession): void => sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
export const forgetSession = (): void => sessionStorage.removeItem(SESSION_KEY);

/** The pending sign-in, removed as it is read: a callback can be completed once only. */
export function takePendingSignIn(): PendingSignIn | undefined {
  const pending = read<PendingSignIn>(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  return pending;
}
export const storePendingSignIn = (pending: PendingSignIn): void => sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));

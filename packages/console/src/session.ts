import { signal } from '@preact/signals';
import { ApiClient } from './api/client';
import type { Me } from './api/types';
import type { Provider } from './auth/oidc';
import { forgetSession, storedSession } from './auth/storage';

/** Where the console stands with its user. */
export type AuthState =
  | { kind: 'loading' }
  | { kind: 'signed-out'; provider?: Provider; notice?: string }
  | { kind: 'signed-in'; provider?: Provider; me: Me };

export const auth = signal<AuthState>({ kind: 'loading' });

/** The access token of this tab, while it is still valid (an expired one is forgotten). */
export function currentToken(): string | undefined {
  const session = storedSession();
  if (!session) return undefined;
  if (session.expiresAt <= Date.now()) {
    forgetSession();
    return undefined;
  }
  return session.accessToken;
}

export const api = new ApiClient({
  token: currentToken,
  rejected: () => {
    forgetSession();
    const current = auth.value;
    auth.value = { kind: 'signed-out', ...(current.kind !== 'loading' && current.provider ? { provider: current.provider } : {}), notice: 'Your session has ended; sign in again.' };
  },
});

/** Operators (and the machine token) may change things; everyone else signed in only reads. */
export const canOperate = (): boolean => auth.value.kind === 'signed-in' && auth.value.me.role === 'operator';

import { signal } from '@preact/signals';

/** The console's pages, addressed by the URL's fragment so the server serves one page for all. */
export type Route =
  | { page: 'messages'; query: URLSearchParams }
  | { page: 'message'; id: string }
  | { page: 'new-message' }
  | { page: 'schedules' }
  | { page: 'new-schedule' }
  | { page: 'edit-schedule'; name: string }
  | { page: 'metrics' };

/** `#/messages/01J…` → `{ page: 'message', id: '01J…' }`; anything unknown is the messages list. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  const [first, second, third] = parts;
  if (first === 'messages' && second) return { page: 'message', id: second };
  if (first === 'new') return { page: 'new-message' };
  if (first === 'schedules' && second === 'new' && !third) return { page: 'new-schedule' };
  if (first === 'schedules' && second && third === 'edit') return { page: 'edit-schedule', name: second };
  if (first === 'schedules') return { page: 'schedules' };
  if (first === 'metrics') return { page: 'metrics' };
  return { page: 'messages', query: new URLSearchParams(search) };
}

/** The fragment of a page, for links: `href('messages', id)` → `#/messages/<id>`. */
export const href = (...parts: string[]): string => `#/${parts.map(encodeURIComponent).join('/')}`;

export const route = signal<Route>(parseRoute(location.hash));
addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));

export const navigate = (fragment: string): void => {
  location.hash = fragment;
};

import { useEffect, useRef } from 'preact/hooks';
import { startSignIn, signOut } from './auth/oidc';
import { storedSession } from './auth/storage';
import { CreateMessagePage } from './pages/create-message';
import { MessageDetailPage } from './pages/message-detail';
import { MessagesPage } from './pages/messages';
import { MetricsPage } from './pages/metrics';
import { ScheduleFormPage } from './pages/schedule-form';
import { SchedulesPage } from './pages/schedules';
import { href, route, type Route } from './router';
import { auth, canOperate } from './session';

/** The page of a route; write pages are not offered to a reader (the API would refuse them anyway). */
function Page({ current }: { current: Route }) {
  switch (current.page) {
    case 'message':
      return <MessageDetailPage key={current.id} id={current.id} />;
    case 'new-message':
      return canOperate() ? <CreateMessagePage /> : <ReadOnly />;
    case 'schedules':
      return <SchedulesPage />;
    case 'new-schedule':
      return canOperate() ? <ScheduleFormPage /> : <ReadOnly />;
    case 'edit-schedule':
      return canOperate() ? <ScheduleFormPage key={current.name} name={current.name} /> : <ReadOnly />;
    case 'metrics':
      return <MetricsPage />;
    case 'messages':
      return <MessagesPage query={current.query} />;
  }
}

const ReadOnly = () => (
  <section aria-labelledby="read-only-title">
    <h1 id="read-only-title">Read-only</h1>
    <p class="problem" role="alert">You may read but not change anything here: ask an administrator to make you an operator.</p>
  </section>
);

const NAV: readonly (readonly [Route['page'], string, string])[] = [
  ['messages', href('messages'), 'Messages'],
  ['schedules', href('schedules'), 'Schedules'],
  ['metrics', href('metrics'), 'Metrics'],
];

function Shell() {
  const state = auth.value;
  const main = useRef<HTMLElement>(null);
  const shown = useRef<string | undefined>(undefined);
  const current = route.value;
  // Going to another page moves the keyboard focus to its content; a fresh load starts at the top.
  useEffect(() => {
    if (shown.current !== undefined && shown.current !== current.page) main.current?.focus();
    shown.current = current.page;
  }, [current.page]);
  if (state.kind !== 'signed-in') return null;
  const section = current.page === 'message' ? 'messages' : current.page.endsWith('schedule') ? 'schedules' : current.page;
  const leave = () => {
    if (!signOut(state.provider, storedSession())) auth.value = { kind: 'signed-out', ...(state.provider ? { provider: state.provider } : {}), notice: 'You are signed out.' };
  };
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <span class="brand">rez-agent</span>
        <nav aria-label="Pages">
          {NAV.map(([page, link, label]) => <a key={page} href={link} aria-current={section === page ? 'page' : undefined}>{label}</a>)}
          {canOperate() ? <a href={href('new')} aria-current={current.page === 'new-message' ? 'page' : undefined}>New message</a> : null}
        </nav>
        <span class="who" data-role={state.me.role}>{state.me.name ?? state.me.id} · {state.me.role === 'operator' ? 'operator' : 'read-only'}</span>
        <button type="button" class="secondary" onClick={leave}>Sign out</button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page current={current} />
      </main>
    </>
  );
}

function SignedOut() {
  const state = auth.value;
  if (state.kind !== 'signed-out') return null;
  const provider = state.provider;
  return (
    <main id="main" class="signed-out">
      <h1>rez-agent console</h1>
      {state.notice ? <p class="notice" role="status">{state.notice}</p> : null}
      {provider ? (
        <button type="button" onClick={() => void startSignIn(provider, location.hash || href('messages'))}>Sign in</button>
      ) : (
        <p>This deployment has no sign-in configured; use the API with its token.</p>
      )}
    </main>
  );
}

export function App() {
  const state = auth.value;
  if (state.kind === 'loading') return <p class="loading">Loading the rez-agent console…</p>;
  return state.kind === 'signed-in' ? <Shell /> : <SignedOut />;
}

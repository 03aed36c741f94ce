import { useSignal } from '@preact/signals';
import { MESSAGE_STATUSES, MESSAGE_TYPES } from '@rez-agent/core/api';
import type { MessagePage } from '../api/types';
import { ProblemBanner } from '../components/problem-banner';
import { StatusBadge } from '../components/status-badge';
import { formatTime } from '../format';
import { usePolling } from '../hooks';
import { href, navigate } from '../router';
import { api, canOperate } from '../session';

/** How often the list is read again, so statuses move on screen without a reload. */
const REFRESH_MS = 3000;
const PAGE_SIZE = '25';

/** `#/messages?status=failed&type=manual&cursor=…&back=…`: the list's whole state is in the URL. */
function listFragment(query: URLSearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value) next.set(name, value);
    else next.delete(name);
  }
  const search = next.toString();
  return `#/messages${search ? `?${search}` : ''}`;
}

/** Messages newest first, filtered by status and type, a page at a time, refreshed live. */
export function MessagesPage({ query }: { query: URLSearchParams }) {
  const page = useSignal<MessagePage | undefined>(undefined);
  const error = useSignal<unknown>(undefined);
  const status = query.get('status') ?? '';
  const type = query.get('type') ?? '';
  const cursor = query.get('cursor') ?? '';
  // The cursors of the pages before this one (the first page has none), so "Newer" can go back.
  const back = query.get('back')?.split(',').filter(Boolean) ?? [];

  // Which query the shown page answers: until the new one's answer is in, the list is busy
  // and offers no paging (a cursor belongs to the query that returned it).
  const shownFor = `${status}|${type}|${cursor}`;
  const shown = useSignal('');
  usePolling(
    async (isCurrent) => {
      try {
        const answer = await api.get<MessagePage>('/api/messages', { status, message_type: type, cursor, limit: PAGE_SIZE });
        if (!isCurrent()) return;
        page.value = answer;
        shown.value = shownFor;
        error.value = undefined;
      } catch (caught) {
        if (isCurrent()) error.value = caught;
      }
    },
    REFRESH_MS,
    true,
    [status, type, cursor],
  );

  const filter = (changes: Record<string, string>) => navigate(listFragment(query, { ...changes, cursor: undefined, back: undefined }));
  const ready = shown.value === shownFor;
  const older = ready ? page.value?.next_cursor : undefined;
  const previous = back.at(-1);

  return (
    <section aria-labelledby="messages-title" aria-busy={!ready}>
      <div class="page-head">
        <h1 id="messages-title">Messages</h1>
        {canOperate() ? <a class="button" href={href('new')}>New message</a> : null}
      </div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="filter-status">Status</label>
        <select id="filter-status" value={status} onChange={(event) => filter({ status: event.currentTarget.value })}>
          <option value="">any</option>
          {MESSAGE_STATUSES.map((value) => <option key={value} value={value}>{value}</option>)}
        </select>
        <label for="filter-type">Type</label>
        <select id="filter-type" value={type} onChange={(event) => filter({ type: event.currentTarget.value })}>
          <option value="">any</option>
          {MESSAGE_TYPES.map((value) => <option key={value} value={value}>{value}</option>)}
        </select>
      </form>
      <ProblemBanner error={error.value} />
      {page.value ? <MessageTable page={page.value} /> : error.value ? null : <p class="loading">Loading messages…</p>}
      <nav class="pager" aria-label="Pages of messages">
        {cursor && ready ? (
          <a class="button secondary" href={listFragment(query, { cursor: previous, back: back.slice(0, -1).join(',') })}>← Newer</a>
        ) : null}
        {older ? (
          <a class="button secondary" href={listFragment(query, { cursor: older, back: [...back, cursor].filter(Boolean).join(',') })}>Older →</a>
        ) : null}
      </nav>
    </section>
  );
}

function MessageTable({ page }: { page: MessagePage }) {
  if (page.messages.length === 0) return <p class="empty">No messages match.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Messages">
      <table class="messages">
        <thead>
          <tr><th scope="col">Created</th><th scope="col">Status</th><th scope="col">Title</th><th scope="col">Payload</th><th scope="col" class="wide-only">Type</th><th scope="col" class="wide-only">Attempts</th></tr>
        </thead>
        <tbody>
          {page.messages.map((message) => (
            <tr key={message.id} data-message-id={message.id}>
              <td><a href={href('messages', message.id)} title={message.created_date}>{formatTime(message.created_date)}</a></td>
              <td><StatusBadge status={message.status} /></td>
              <td class="text">{message.title ?? ''}</td>
              <td class="text payload">{message.payload}</td>
              <td class="wide-only">{message.message_type}</td>
              <td class="wide-only">{message.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

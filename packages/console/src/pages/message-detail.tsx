import { useSignal } from '@preact/signals';
import type { DeliveryAttempt, Message, MessageInput } from '../api/types';
import { ProblemBanner } from '../components/problem-banner';
import { StatusBadge } from '../components/status-badge';
import { fieldText, formatTime, SETTLED_STATUSES } from '../format';
import { usePolling } from '../hooks';
import { href, navigate } from '../router';
import { api, canOperate } from '../session';

const REFRESH_MS = 2000;

/** The moments of a message's life, in the order they can happen. */
const TIMELINE: readonly (readonly [keyof Message, string])[] = [
  ['created_date', 'created'],
  ['deliver_at', 'due'],
  ['queued_at', 'queued'],
  ['processing_started_at', 'processing'],
  ['completed_at', 'completed'],
  ['failed_at', 'failed'],
  ['cancelled_at', 'cancelled'],
];

/** Fields shown first, in this order; any other field the API returns follows. */
const FIELD_ORDER: readonly (keyof Message)[] = [
  'id', 'status', 'title', 'payload', 'priority', 'tags', 'click', 'markdown', 'message_type', 'stage', 'created_by', 'created_by_name',
  'created_date', 'updated_date', 'deliver_at', 'queued_at', 'processing_started_at', 'completed_at', 'failed_at',
  'cancelled_at', 'attempts', 'error_message', 'notification_id', 'correlation_id', 'idempotency_key', 'ttl',
];

/** What a new message needs to say the same thing again. */
const contentOf = (message: Message): MessageInput => ({
  payload: message.payload,
  ...(message.title === undefined ? {} : { title: message.title }),
  priority: message.priority,
  tags: message.tags,
  ...(message.click === undefined ? {} : { click: message.click }),
  markdown: message.markdown,
  message_type: message.message_type,
});

/** One message: every field, its timeline, its delivery attempts, and what an operator may do with it. */
export function MessageDetailPage({ id }: { id: string }) {
  const message = useSignal<Message | undefined>(undefined);
  const attempts = useSignal<DeliveryAttempt[]>([]);
  const error = useSignal<unknown>(undefined);
  const busy = useSignal(false);

  const load = async (isCurrent: () => boolean = () => true) => {
    try {
      const [current, history] = await Promise.all([
        api.get<Message>(`/api/messages/${encodeURIComponent(id)}`),
        api.get<{ attempts: DeliveryAttempt[] }>(`/api/messages/${encodeURIComponent(id)}/attempts`),
      ]);
      if (!isCurrent()) return;
      message.value = current;
      attempts.value = history.attempts;
      if (!busy.value) error.value = undefined;
    } catch (caught) {
      error.value = caught;
    }
  };
  const settled = message.value !== undefined && SETTLED_STATUSES.includes(message.value.status);
  usePolling(load, REFRESH_MS, !settled, [id, settled]);

  const act = async (action: () => Promise<unknown>) => {
    busy.value = true;
    error.value = undefined;
    try {
      await action();
      await load();
    } catch (caught) {
      error.value = caught;
    } finally {
      busy.value = false;
    }
  };
  const sendAgain = () =>
    act(async () => {
      const copy = await api.send<Message>('POST', '/api/messages', contentOf(message.value!), { 'idempotency-key': crypto.randomUUID() });
      navigate(href('messages', copy.id));
    });

  const current = message.value;
  return (
    <section aria-labelledby="message-title">
      <p><a href={href('messages')}>← All messages</a></p>
      <h1 id="message-title">Message <code>{id}</code></h1>
      <ProblemBanner error={error.value} />
      {!current ? (error.value ? null : <p class="loading">Loading…</p>) : (
        <>
          <p class="status-line" aria-live="polite">Status: <StatusBadge status={current.status} /></p>
          {canOperate() ? (
            <div class="actions" role="group" aria-label="Actions">
              {current.status === 'failed' ? <button type="button" disabled={busy.value} onClick={() => void act(() => api.send('POST', `/api/messages/${encodeURIComponent(id)}/retry`))}>Retry</button> : null}
              {['scheduled', 'created', 'queued'].includes(current.status) ? (
                <button type="button" class="danger" disabled={busy.value} onClick={() => void act(() => api.send('POST', `/api/messages/${encodeURIComponent(id)}/cancel`))}>Cancel</button>
              ) : null}
              <button type="button" class="secondary" disabled={busy.value} onClick={() => void sendAgain()}>Send again</button>
            </div>
          ) : null}
          <h2>Timeline</h2>
          <ol class="timeline">
            {TIMELINE.filter(([field]) => current[field]).map(([field, label]) => ({ label, at: String(current[field]) }))
              .sort((a, b) => a.at.localeCompare(b.at))
              .map(({ label, at }) => <li key={label} data-step={label}><StatusBadge status={label} /> <time dateTime={at}>{formatTime(at)}</time></li>)}
          </ol>
          <h2>Fields</h2>
          <dl class="fields">
            {[...FIELD_ORDER.filter((field) => field in current), ...Object.keys(current).filter((field) => !FIELD_ORDER.includes(field as keyof Message))].map((field) => (
              <div key={field} class="field-row" data-field={field}>
                <dt>{field}</dt>
                <dd class="text">{fieldText(current[field as keyof Message])}</dd>
              </div>
            ))}
          </dl>
          <h2>Delivery attempts</h2>
          <AttemptTable attempts={attempts.value} />
        </>
      )}
    </section>
  );
}

function AttemptTable({ attempts }: { attempts: DeliveryAttempt[] }) {
  if (attempts.length === 0) return <p class="empty">No delivery attempt yet.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Delivery attempts">
      <table class="attempts">
        <thead>
          <tr><th scope="col">#</th><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col">HTTP</th><th scope="col">Duration</th><th scope="col">Receive</th><th scope="col">Error or notification</th></tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.attempt} data-outcome={attempt.outcome}>
              <td>{attempt.attempt}</td>
              <td><time dateTime={attempt.started_at}>{formatTime(attempt.started_at)}</time></td>
              <td><StatusBadge status={attempt.outcome} /></td>
              <td>{attempt.http_status ?? '—'}{attempt.ntfy_code ? ` (${attempt.ntfy_code})` : ''}</td>
              <td>{attempt.duration_ms} ms</td>
              <td>{attempt.receive_count}</td>
              <td class="text">{attempt.error ?? attempt.notification_id ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

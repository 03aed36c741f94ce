import { useSignal } from '@preact/signals';
import type { Schedule, SchedulePage } from '../api/types';
import { ProblemBanner } from '../components/problem-banner';
import { StatusBadge } from '../components/status-badge';
import { formatTime } from '../format';
import { usePolling } from '../hooks';
import { href } from '../router';
import { api, canOperate } from '../session';

const REFRESH_MS = 5000;

const schedulePath = (name: string, action = ''): string => `/api/schedules/${encodeURIComponent(name)}${action ? `/${action}` : ''}`;

/**
 * Every schedule with its next run; operators pause, resume, trigger, edit and delete them.
 * Schedules declared in the stack's config may be paused, resumed and triggered only.
 */
export function SchedulesPage() {
  const schedules = useSignal<Schedule[] | undefined>(undefined);
  const error = useSignal<unknown>(undefined);
  const notice = useSignal('');
  const busy = useSignal(false);

  const load = async () => {
    try {
      const all: Schedule[] = [];
      let cursor: string | undefined;
      do {
        const page: SchedulePage = await api.get<SchedulePage>('/api/schedules', { cursor });
        all.push(...page.schedules);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      schedules.value = all;
    } catch (caught) {
      error.value = caught;
    }
  };
  usePolling(load, REFRESH_MS, true, []);

  const act = async (method: string, path: string, done: string) => {
    busy.value = true;
    error.value = undefined;
    notice.value = '';
    try {
      await api.send(method, path);
      notice.value = done;
      await load();
    } catch (caught) {
      error.value = caught;
    } finally {
      busy.value = false;
    }
  };
  const remove = (name: string) => {
    if (confirm(`Delete the schedule "${name}"? It will not run again.`)) void act('DELETE', schedulePath(name), `Deleted ${name}.`);
  };

  const operate = canOperate();
  return (
    <section aria-labelledby="schedules-title">
      <div class="page-head">
        <h1 id="schedules-title">Schedules</h1>
        {operate ? <a class="button" href={href('schedules', 'new')}>New schedule</a> : null}
      </div>
      <ProblemBanner error={error.value} />
      {notice.value ? <p class="notice" role="status">{notice.value}</p> : null}
      {!schedules.value ? (error.value ? null : <p class="loading">Loading schedules…</p>) : schedules.value.length === 0 ? <p class="empty">No schedules yet.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Schedules">
          <table class="schedules">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">When</th><th scope="col">State</th><th scope="col">Next run</th><th scope="col">Last run</th><th scope="col">Source</th>{operate ? <th scope="col">Actions</th> : null}</tr>
            </thead>
            <tbody>
              {schedules.value.map((schedule) => (
                <tr key={schedule.name} data-schedule={schedule.name}>
                  <td class="text">{schedule.name}</td>
                  <td><code>{schedule.expression}</code> <span class="muted">{schedule.timezone}</span></td>
                  <td><StatusBadge status={schedule.state} /></td>
                  <td><time dateTime={schedule.next_run_at ?? ''}>{schedule.state === 'paused' ? 'paused' : formatTime(schedule.next_run_at)}</time></td>
                  <td>{schedule.last_message_id ? <a href={href('messages', schedule.last_message_id)}>{formatTime(schedule.last_run_at)}</a> : formatTime(schedule.last_run_at)}</td>
                  <td>{schedule.source === 'stack' ? <span class="badge badge-readonly" title="Declared in the stack's config: change it there">stack (read-only)</span> : 'api'}</td>
                  {operate ? (
                    <td><div class="row-actions">
                      {schedule.state === 'enabled'
                        ? <button type="button" class="secondary" disabled={busy.value} onClick={() => void act('POST', schedulePath(schedule.name, 'pause'), `Paused ${schedule.name}.`)} aria-label={`Pause ${schedule.name}`}>Pause</button>
                        : <button type="button" class="secondary" disabled={busy.value} onClick={() => void act('POST', schedulePath(schedule.name, 'resume'), `Resumed ${schedule.name}.`)} aria-label={`Resume ${schedule.name}`}>Resume</button>}
                      <button type="button" class="secondary" disabled={busy.value} onClick={() => void act('POST', schedulePath(schedule.name, 'trigger'), `Triggered ${schedule.name}: a message is on its way.`)} aria-label={`Trigger ${schedule.name}`}>Trigger</button>
                      {schedule.source === 'api' ? (
                        <>
                          <a class="button secondary" href={href('schedules', schedule.name, 'edit')} aria-label={`Edit ${schedule.name}`}>Edit</a>
                          <button type="button" class="danger" disabled={busy.value} onClick={() => remove(schedule.name)} aria-label={`Delete ${schedule.name}`}>Delete</button>
                        </>
                      ) : null}
                    </div></td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import type { Schedule } from '../api/types';
import { describedBy, Field } from '../components/field';
import { draftOf, emptyDraft, inputOf, MessageFields, type MessageDraft } from '../components/message-fields';
import { ProblemBanner } from '../components/problem-banner';
import { href, navigate } from '../router';
import { api } from '../session';

const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Creates a schedule (`POST /api/schedules`) or edits one made through the API
 * (`PATCH /api/schedules/{name}`): when it runs and the message it creates.
 */
export function ScheduleFormPage({ name }: { name?: string }) {
  const editing = name !== undefined;
  const scheduleName = useSignal(name ?? '');
  const expression = useSignal('rate(1 hour)');
  const timezone = useSignal(browserZone());
  const enabled = useSignal(true);
  const draft = useSignal<MessageDraft>(emptyDraft('scheduled'));
  const errors = useSignal<Record<string, string>>({});
  const problem = useSignal<unknown>(undefined);
  const busy = useSignal(false);
  const loaded = useSignal(!editing);

  useEffect(() => {
    if (!editing) return;
    api.get<Schedule>(`/api/schedules/${encodeURIComponent(name)}`).then((schedule) => {
      expression.value = schedule.expression;
      timezone.value = schedule.timezone;
      enabled.value = schedule.state === 'enabled';
      draft.value = draftOf(schedule.message);
      loaded.value = true;
    }, (caught: unknown) => (problem.value = caught));
  }, [name]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { expression: expression.value.trim(), timezone: timezone.value.trim(), message: inputOf(draft.value), enabled: enabled.value };
    busy.value = true;
    try {
      if (editing) await api.send('PATCH', `/api/schedules/${encodeURIComponent(name)}`, body);
      else await api.send('POST', '/api/schedules', { name: scheduleName.value.trim(), ...body });
      navigate(href('schedules'));
    } catch (caught) {
      problem.value = caught;
      errors.value = caught instanceof ApiProblem ? caught.fieldErrors() : {};
    } finally {
      busy.value = false;
    }
  };

  // A schedule's message errors come as `#/message/<field>`: shown on the message's own fields.
  const messageErrors = problem.value instanceof ApiProblem ? problem.value.fieldErrors('/message') : {};
  return (
    <section aria-labelledby="schedule-title">
      <p><a href={href('schedules')}>← All schedules</a></p>
      <h1 id="schedule-title">{editing ? `Edit schedule ${name}` : 'New schedule'}</h1>
      <ProblemBanner error={problem.value} />
      {!loaded.value ? (problem.value ? null : <p class="loading">Loading…</p>) : (
        <form class="form" noValidate onSubmit={(event) => void submit(event)}>
          {!editing ? (
            <Field id="schedule-name" label="Name" hint="Letters, digits, - and _" error={errors.value.name}>
              <input id="schedule-name" name="name" value={scheduleName.value} onInput={(event) => (scheduleName.value = event.currentTarget.value)} {...describedBy('schedule-name', errors.value.name, true)} />
            </Field>
          ) : null}
          <Field id="schedule-expression" label="Expression" hint="rate(5 minutes) or cron(0 9 * * ? *)" error={errors.value.expression}>
            <input id="schedule-expression" name="expression" value={expression.value} onInput={(event) => (expression.value = event.currentTarget.value)} {...describedBy('schedule-expression', errors.value.expression, true)} />
          </Field>
          <Field id="schedule-timezone" label="Time zone" hint="IANA name, e.g. Europe/London" error={errors.value.timezone}>
            <input id="schedule-timezone" name="timezone" value={timezone.value} onInput={(event) => (timezone.value = event.currentTarget.value)} {...describedBy('schedule-timezone', errors.value.timezone, true)} />
          </Field>
          <div class="field checkbox">
            <input id="schedule-enabled" name="enabled" type="checkbox" checked={enabled.value} onChange={(event) => (enabled.value = event.currentTarget.checked)} />
            <label for="schedule-enabled">Enabled (runs on its schedule)</label>
          </div>
          <fieldset>
            <legend>The message it creates</legend>
            <MessageFields idPrefix="schedule-message" draft={draft} errors={messageErrors} />
          </fieldset>
          <div class="actions">
            <button type="submit" disabled={busy.value}>{editing ? 'Save schedule' : 'Create schedule'}</button>
            <a class="button secondary" href={href('schedules')}>Cancel</a>
          </div>
        </form>
      )}
    </section>
  );
}

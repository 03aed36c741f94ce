import { useSignal } from '@preact/signals';
import { ApiProblem } from '../api/problem';
import type { Message } from '../api/types';
import { describedBy, Field } from '../components/field';
import { emptyDraft, inputOf, MessageFields, type MessageDraft } from '../components/message-fields';
import { ProblemBanner } from '../components/problem-banner';
import { withLocalOffset } from '../format';
import { href, navigate } from '../router';
import { api } from '../session';

type When = 'now' | 'at' | 'delay';

/**
 * A new message: every field of `POST /api/messages`, now or later. The API checks it; its
 * problem+json errors are shown on the fields they name. One Idempotency-Key per body, so
 * submitting again after a failure never creates a second message.
 */
export function CreateMessagePage() {
  const draft = useSignal<MessageDraft>(emptyDraft());
  const when = useSignal<When>('now');
  const deliverAt = useSignal('');
  const delay = useSignal('');
  const errors = useSignal<Record<string, string>>({});
  const problem = useSignal<unknown>(undefined);
  const busy = useSignal(false);
  const attempt = useSignal<{ body: string; key: string } | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...inputOf(draft.value),
      ...(when.value === 'at' ? { deliver_at: withLocalOffset(deliverAt.value) } : {}),
      ...(when.value === 'delay' ? { delay: delay.value.trim() } : {}),
    };
    const text = JSON.stringify(body);
    if (attempt.value?.body !== text) attempt.value = { body: text, key: crypto.randomUUID() };
    busy.value = true;
    try {
      const message = await api.send<Message>('POST', '/api/messages', body, { 'idempotency-key': attempt.value.key });
      navigate(href('messages', message.id));
    } catch (caught) {
      errors.value = caught instanceof ApiProblem ? caught.fieldErrors() : {};
      problem.value = caught;
    } finally {
      busy.value = false;
    }
  };

  return (
    <section aria-labelledby="create-title">
      <h1 id="create-title">New message</h1>
      <ProblemBanner error={problem.value} />
      <form class="form" noValidate onSubmit={(event) => void submit(event)}>
        <MessageFields idPrefix="message" draft={draft} errors={errors.value} />
        <fieldset class="when">
          <legend>Deliver</legend>
          {(['now', 'at', 'delay'] as const).map((option) => (
            <label key={option} class="radio">
              <input type="radio" name="when" value={option} checked={when.value === option} onChange={() => (when.value = option)} />
              {option === 'now' ? 'now' : option === 'at' ? 'at a time' : 'after a delay'}
            </label>
          ))}
          {when.value === 'at' ? (
            <Field id="message-deliver_at" label="Deliver at (your time zone)" error={errors.value.deliver_at}>
              <input id="message-deliver_at" name="deliver_at" type="datetime-local" value={deliverAt.value} onInput={(event) => (deliverAt.value = event.currentTarget.value)} {...describedBy('message-deliver_at', errors.value.deliver_at)} />
            </Field>
          ) : null}
          {when.value === 'delay' ? (
            <Field id="message-delay" label="Delay" hint="e.g. 30s, 15m, 2h, 7d or PT15M" error={errors.value.delay}>
              <input id="message-delay" name="delay" value={delay.value} onInput={(event) => (delay.value = event.currentTarget.value)} {...describedBy('message-delay', errors.value.delay, true)} />
            </Field>
          ) : null}
        </fieldset>
        {errors.value.body ? <p class="field-error" role="alert">{errors.value.body}</p> : null}
        <div class="actions">
          <button type="submit" disabled={busy.value}>{busy.value ? 'Sending…' : 'Create message'}</button>
          <a class="button secondary" href={href('messages')}>Cancel</a>
        </div>
      </form>
    </section>
  );
}

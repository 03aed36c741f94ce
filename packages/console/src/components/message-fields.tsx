import type { Signal } from '@preact/signals';
import { DEFAULT_PRIORITY, MESSAGE_TYPES, type MessageType } from '@rez-agent/core/api';
import type { MessageInput } from '../api/types';
import { describedBy, Field } from './field';

/** A message's content as the form holds it: text the user types, turned into the API's shape on submit. */
export interface MessageDraft {
  payload: string;
  title: string;
  priority: string;
  tags: string;
  click: string;
  markdown: boolean;
  message_type: MessageType;
}

export const emptyDraft = (messageType: MessageType = 'manual'): MessageDraft => ({
  payload: '',
  title: '',
  priority: String(DEFAULT_PRIORITY),
  tags: '',
  click: '',
  markdown: false,
  message_type: messageType,
});

export const draftOf = (input: MessageInput): MessageDraft => ({
  payload: input.payload,
  title: input.title ?? '',
  priority: String(input.priority ?? DEFAULT_PRIORITY),
  tags: (input.tags ?? []).join(', '),
  click: input.click ?? '',
  markdown: input.markdown ?? false,
  message_type: input.message_type ?? 'manual',
});

/** The draft as the API takes it: empty optional fields left out, tags split on commas. Checking is the API's job. */
export function inputOf(draft: MessageDraft): MessageInput {
  const tags = draft.tags.split(',').map((tag) => tag.trim()).filter(Boolean);
  return {
    payload: draft.payload,
    ...(draft.title ? { title: draft.title } : {}),
    priority: Number(draft.priority),
    ...(tags.length ? { tags } : {}),
    ...(draft.click ? { click: draft.click } : {}),
    markdown: draft.markdown,
    message_type: draft.message_type,
  };
}

const PRIORITIES = [
  ['1', '1 — min'],
  ['2', '2 — low'],
  ['3', '3 — default'],
  ['4', '4 — high'],
  ['5', '5 — max'],
] as const;

interface MessageFieldsProps {
  /** Prefixes the controls' ids, so two forms on a page never share one. */
  idPrefix: string;
  draft: Signal<MessageDraft>;
  /** The API's complaints, by field name. */
  errors: Record<string, string>;
}

/** The fields of a message (what a notification says and how it looks), each labelled, with the API's error beside it. */
export function MessageFields({ idPrefix, draft, errors }: MessageFieldsProps) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const set = (changes: Partial<MessageDraft>) => (draft.value = { ...draft.value, ...changes });
  const value = draft.value;
  return (
    <>
      <Field id={id('payload')} label="Message (payload)" error={errors.payload}>
        <textarea id={id('payload')} name="payload" rows={4} required value={value.payload} onInput={(event) => set({ payload: event.currentTarget.value })} {...describedBy(id('payload'), errors.payload)} />
      </Field>
      <Field id={id('title')} label="Title" error={errors.title}>
        <input id={id('title')} name="title" value={value.title} onInput={(event) => set({ title: event.currentTarget.value })} {...describedBy(id('title'), errors.title)} />
      </Field>
      <div class="field-pair">
        <Field id={id('priority')} label="Priority" error={errors.priority}>
          <select id={id('priority')} name="priority" value={value.priority} onChange={(event) => set({ priority: event.currentTarget.value })} {...describedBy(id('priority'), errors.priority)}>
            {PRIORITIES.map(([priority, label]) => <option key={priority} value={priority}>{label}</option>)}
          </select>
        </Field>
        <Field id={id('message_type')} label="Type" error={errors.message_type}>
          <select id={id('message_type')} name="message_type" value={value.message_type} onChange={(event) => set({ message_type: event.currentTarget.value as MessageType })} {...describedBy(id('message_type'), errors.message_type)}>
            {MESSAGE_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
          </select>
        </Field>
      </div>
      <Field id={id('tags')} label="Tags" hint="Comma-separated, e.g. warning, backup" error={errors.tags}>
        <input id={id('tags')} name="tags" value={value.tags} onInput={(event) => set({ tags: event.currentTarget.value })} {...describedBy(id('tags'), errors.tags, true)} />
      </Field>
      <Field id={id('click')} label="Click URL" hint="Opened when the notification is tapped" error={errors.click}>
        <input id={id('click')} name="click" type="text" inputMode="url" value={value.click} onInput={(event) => set({ click: event.currentTarget.value })} {...describedBy(id('click'), errors.click, true)} />
      </Field>
      <div class={errors.markdown ? 'field checkbox field-invalid' : 'field checkbox'}>
        <input id={id('markdown')} name="markdown" type="checkbox" checked={value.markdown} onChange={(event) => set({ markdown: event.currentTarget.checked })} {...describedBy(id('markdown'), errors.markdown)} />
        <label for={id('markdown')}>Markdown</label>
        {errors.markdown ? <p class="field-error" id={`${id('markdown')}-error`} role="alert">{errors.markdown}</p> : null}
      </div>
    </>
  );
}

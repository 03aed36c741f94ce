import type { ComponentChildren } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  /** The API's complaint about this field, shown under it and announced with it. */
  error?: string | undefined;
  hint?: string;
  children: ComponentChildren;
}

/**
 * A labelled form field with its hint and error: the control inside must carry `id`, and
 * `describedBy(id, error)` for its aria-describedby.
 */
export function Field({ id, label, error, hint, children }: FieldProps) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`} role="alert">{error}</p> : null}
    </div>
  );
}

/** The aria attributes tying a control to its Field's hint and error. */
export function describedBy(id: string, error: string | undefined, hint = false): Record<string, string | boolean> {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), 'aria-invalid': Boolean(error) };
}

/** A timestamp for people: local date and time to the second; the ISO value stays in the title. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Statuses a message does not leave by itself. */
export const SETTLED_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'];

/** What a value of any field looks like in a list of fields: text, never markup. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `2026-12-24T18:00` (a datetime-local value, this browser's zone) → `2026-12-24T18:00:00+01:00`. */
export function withLocalOffset(local: string): string {
  const date = new Date(local);
  if (!local || Number.isNaN(date.getTime())) return local;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (value: number) => String(Math.floor(Math.abs(value))).padStart(2, '0');
  const seconds = local.length === 16 ? ':00' : '';
  return `${local}${seconds}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

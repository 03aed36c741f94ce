/** A message's or schedule's status, as a word (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`} data-status={status}>{status}</span>;
}

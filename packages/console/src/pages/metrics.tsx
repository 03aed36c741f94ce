import { useSignal } from '@preact/signals';
import { MESSAGE_STATUSES, MESSAGE_TYPES } from '@rez-agent/core/api';
import type { Metrics } from '../api/types';
import { BarChart } from '../components/bar-chart';
import { ProblemBanner } from '../components/problem-banner';
import { usePolling } from '../hooks';
import { api } from '../session';

const REFRESH_MS = 5000;

/** Every known key in its domain order (zeros included), then any other key the API reports. */
function ordered(counts: Record<string, number>, known: readonly string[]): [string, number][] {
  return [...known, ...Object.keys(counts).filter((key) => !known.includes(key))].map((key) => [key, counts[key] ?? 0]);
}

/** Counts by status and by type as charts, with the total; refreshed while shown. */
export function MetricsPage() {
  const metrics = useSignal<Metrics | undefined>(undefined);
  const error = useSignal<unknown>(undefined);
  usePolling(
    async () => {
      try {
        metrics.value = await api.get<Metrics>('/api/metrics');
        error.value = undefined;
      } catch (caught) {
        error.value = caught;
      }
    },
    REFRESH_MS,
    true,
    [],
  );
  const current = metrics.value;
  return (
    <section aria-labelledby="metrics-title">
      <h1 id="metrics-title">Metrics</h1>
      <ProblemBanner error={error.value} />
      {!current ? (error.value ? null : <p class="loading">Loading metrics…</p>) : (
        <>
          <p class="total">Total messages: <strong data-total={current.total}>{current.total}</strong></p>
          <div class="charts">
            <BarChart title="By status" counts={ordered(current.by_status, MESSAGE_STATUSES)} />
            <BarChart title="By type" counts={ordered(current.by_type, MESSAGE_TYPES)} />
          </div>
        </>
      )}
    </section>
  );
}

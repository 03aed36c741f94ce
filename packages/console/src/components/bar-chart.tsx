interface BarChartProps {
  title: string;
  /** Label → count, in the order to draw. */
  counts: readonly (readonly [string, number])[];
}

const BAR_HEIGHT = 22;
const GAP = 8;
const LABEL_WIDTH = 96;
const CHART_WIDTH = 320;
const VALUE_WIDTH = 56;

/**
 * Horizontal bars as inline SVG (no chart library, no inline style): one row per label, its
 * count written beside the bar. The numbers are also in the SVG's accessible description.
 */
export function BarChart({ title, counts }: BarChartProps) {
  const max = Math.max(1, ...counts.map(([, count]) => count));
  const height = counts.length * (BAR_HEIGHT + GAP);
  const width = LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH;
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return (
    <figure class="chart">
      <figcaption id={`${slug}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${slug}-title ${slug}-desc`} data-chart={slug}>
        <desc id={`${slug}-desc`}>{counts.map(([label, count]) => `${label}: ${count}`).join(', ')}</desc>
        {counts.map(([label, count], index) => {
          const y = index * (BAR_HEIGHT + GAP);
          const barWidth = (count / max) * CHART_WIDTH;
          return (
            <g key={label} class={`bar bar-${label}`} data-label={label} data-count={count}>
              <text x={LABEL_WIDTH - 6} y={y + BAR_HEIGHT * 0.7} text-anchor="end">{label}</text>
              <rect x={LABEL_WIDTH} y={y} width={Math.max(count > 0 ? 2 : 0, barWidth)} height={BAR_HEIGHT} rx="3" />
              <text x={LABEL_WIDTH + barWidth + 6} y={y + BAR_HEIGHT * 0.7}>{count}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

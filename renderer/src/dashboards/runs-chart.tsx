import type { InsightsRange, InsightsSummary } from '../../../shared/contract';
import { formatCount } from '../executions/format';

const WIDTH = 720;
const HEIGHT = 150;
const PAD = { top: 10, right: 8, bottom: 22, left: 40 };

const label = (iso: string, range: InsightsRange) =>
  new Date(iso).toLocaleString(undefined, range === '30d' || range === '7d' ? { month: 'short', day: 'numeric', ...(range === '7d' ? { hour: '2-digit' } : {}) } : { hour: '2-digit', minute: '2-digit' });

/** Finished runs over the period as stacked bars: succeeded, then failed on top. */
export function RunsChart({ summary }: { summary: InsightsSummary }) {
  const points = summary.series;
  const max = Math.max(1, ...points.map((point) => point.succeeded + point.failed + point.cancelled));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, points.length);
  const bar = Math.max(1, slot * 0.7);
  const y = (value: number) => (value / max) * plotHeight;
  const total = points.reduce((sum, point) => sum + point.succeeded + point.failed + point.cancelled, 0);
  return (
    <figure className="runs-chart" data-testid="runs-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${formatCount(total)} finished runs over the last ${summary.range}, at most ${formatCount(max)} in one interval`}>
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line className="chart-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotHeight - fraction * plotHeight} y2={PAD.top + plotHeight - fraction * plotHeight} />
            <text className="chart-label" x={PAD.left - 6} y={PAD.top + plotHeight - fraction * plotHeight + 4} textAnchor="end">
              {formatCount(Math.round(max * fraction))}
            </text>
          </g>
        ))}
        {points.map((point, index) => {
          const x = PAD.left + index * slot + (slot - bar) / 2;
          const ok = y(point.succeeded + point.cancelled);
          const failed = y(point.failed);
          return (
            <g key={point.at}>
              <title>{`${label(point.at, summary.range)}: ${formatCount(point.succeeded)} succeeded, ${formatCount(point.failed)} failed${point.cancelled ? `, ${formatCount(point.cancelled)} cancelled` : ''}`}</title>
              <rect className="bar-ok" x={x} width={bar} y={PAD.top + plotHeight - ok} height={ok} />
              <rect className="bar-failed" x={x} width={bar} y={PAD.top + plotHeight - ok - failed} height={failed} />
            </g>
          );
        })}
        <text className="chart-label" x={PAD.left} y={HEIGHT - 4}>
          {points[0] ? label(points[0].at, summary.range) : ''}
        </text>
        <text className="chart-label" x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
          now
        </text>
      </svg>
      <figcaption className="muted chart-legend">
        <span className="swatch ok" /> succeeded <span className="swatch failed" /> failed
      </figcaption>
    </figure>
  );
}

/** A tiny line of recent values (response times), for a row. */
export function Sparkline({ values, failed, label: name }: { values: ReadonlyArray<number | null>; failed: ReadonlyArray<boolean>; label: string }) {
  const width = 96;
  const height = 24;
  if (values.length === 0) return <span className="muted small">no checks yet</span>;
  const max = Math.max(1, ...values.map((value) => value ?? 0));
  const x = (index: number) => (values.length === 1 ? width / 2 : (index / (values.length - 1)) * (width - 4) + 2);
  const yOf = (value: number | null) => height - 2 - ((value ?? 0) / max) * (height - 4);
  const points = values.map((value, index) => `${x(index).toFixed(1)},${yOf(value).toFixed(1)}`).join(' ');
  const known = values.filter((value): value is number => value !== null);
  const average = known.length ? Math.round(known.reduce((a, b) => a + b, 0) / known.length) : undefined;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${name}: ${average !== undefined ? `${average} ms on average` : 'no answer'} over the last ${values.length} checks`}>
      <polyline points={points} />
      {failed.map((bad, index) => (bad ? <circle key={index} cx={x(index)} cy={height - 3} r={2.5} className="spark-failed" /> : null))}
    </svg>
  );
}

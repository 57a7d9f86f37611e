import type { HealthSnapshot } from '../../../shared/contract';

const WIDTH = 480;
const HEIGHT = 170;
const PAD = { top: 14, right: 12, bottom: 22, left: 44 };

/** The axis top: the next of 1, 2, 5, 10 × a power of ten, so gridlines fall on round numbers. */
function niceMax(value: number): number {
  if (value <= 0) return 10;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

const latency = (sample: HealthSnapshot) => (sample.ok ? (sample.latencyMs ?? 0) : 0);

/**
 * Response time of each health check over time, oldest first; failed checks are red dots on
 * the baseline. Used for API connections and for MCP servers' pings alike.
 */
export function HealthChart({ samples, emptyText }: { samples: readonly HealthSnapshot[]; emptyText: string }) {
  if (samples.length === 0) {
    return (
      <p className="muted chart-empty" data-testid="health-chart-empty">
        {emptyText}
      </p>
    );
  }
  const max = niceMax(Math.max(...samples.map(latency)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (samples.length === 1 ? plotWidth / 2 : (index / (samples.length - 1)) * plotWidth);
  const y = (ms: number) => PAD.top + plotHeight - (ms / max) * plotHeight;
  const points = samples.map((sample, index) => `${x(index).toFixed(1)},${y(latency(sample)).toFixed(1)}`).join(' ');
  const ok = samples.filter((sample) => sample.ok);
  const average = ok.length ? ok.reduce((sum, sample) => sum + latency(sample), 0) / ok.length : 0;
  return (
    <figure className="health-chart" data-testid="health-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Response time of the last ${samples.length} health checks, ${Math.round(average)} ms on average`}>
        {[0, 0.5, 1].map((fraction) => (
          <g key={fraction}>
            <line className="chart-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * fraction)} y2={y(max * fraction)} />
            <text className="chart-label" x={PAD.left - 6} y={y(max * fraction) + 4} textAnchor="end">
              {Number((max * fraction).toPrecision(2))} ms
            </text>
          </g>
        ))}
        <polyline className="chart-line" points={points} />
        {samples.map((sample, index) => (
          <circle key={`${sample.at}-${index}`} className={sample.ok ? 'chart-point' : 'chart-point failed'} cx={x(index)} cy={y(latency(sample))} r={sample.ok ? 2.5 : 4} data-testid={sample.ok ? 'health-point' : 'health-point-failed'}>
            <title>{sample.ok ? `${latency(sample)} ms at ${time(sample.at)}` : `Failed at ${time(sample.at)}: ${sample.error ?? 'unknown error'}`}</title>
          </circle>
        ))}
        <text className="chart-label" x={PAD.left} y={HEIGHT - 4}>
          {time(samples[0]!.at)}
        </text>
        <text className="chart-label" x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
          {time(samples.at(-1)!.at)}
        </text>
      </svg>
      <figcaption className="muted">
        {samples.length} check{samples.length > 1 ? 's' : ''} · {ok.length} succeeded · {Math.round(average)} ms on average
      </figcaption>
    </figure>
  );
}

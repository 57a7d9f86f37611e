const WIDTH = 560;
const HEIGHT = 190;
const PAD = { top: 12, right: 10, bottom: 24, left: 62 };

/** The next of 1, 2, 5, 10 × a power of ten at or above `value`, so gridlines fall on round numbers. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

const shortDay = (day: string) => day.slice(5);

function Axes({ max, days, format, x }: { max: number; days: string[]; format: (value: number) => string; x: (index: number) => number }) {
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  return (
    <>
      {[0, 0.5, 1].map((fraction) => (
        <g key={fraction}>
          <line className="chart-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * fraction)} y2={y(max * fraction)} />
          <text className="chart-label" x={PAD.left - 6} y={y(max * fraction) + 4} textAnchor="end">
            {format(max * fraction)}
          </text>
        </g>
      ))}
      {days.map((day, index) =>
        index % labelEvery === 0 ? (
          <text key={day} className="chart-label" x={x(index)} y={HEIGHT - 6} textAnchor="middle">
            {shortDay(day)}
          </text>
        ) : null,
      )}
    </>
  );
}

export interface StackedDay {
  day: string;
  completed: number;
  failed: number;
  stopped: number;
}

/** Tasks per day: completed, stopped and failed stacked. */
export function TaskBars({ days, label }: { days: readonly StackedDay[]; label: string }) {
  // At least 4, so the gridlines of a quiet range fall on whole tasks.
  const max = niceMax(Math.max(4, ...days.map((day) => day.completed + day.failed + day.stopped)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const band = plotWidth / Math.max(1, days.length);
  const x = (index: number) => PAD.left + band * index + band / 2;
  const h = (value: number) => (value / max) * plotHeight;
  return (
    <figure className="chart" data-testid="chart-tasks">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <Axes max={max} days={days.map((day) => day.day)} format={(value) => String(Math.round(value))} x={x} />
        {days.map((day, index) => {
          let top = PAD.top + plotHeight;
          return (['completed', 'stopped', 'failed'] as const).map((kind) => {
            const height = h(day[kind]);
            top -= height;
            return height > 0 ? (
              <rect key={`${day.day}-${kind}`} className={`chart-bar-${kind}`} x={x(index) - band * 0.32} width={band * 0.64} y={top} height={height} rx={2}>
                <title>{`${day.day}: ${day[kind]} ${kind}`}</title>
              </rect>
            ) : null;
          });
        })}
      </svg>
      <figcaption className="chart-legend muted">
        <span>
          <i className="legend-completed" />
          completed
        </span>
        <span>
          <i className="legend-stopped" />
          stopped by a limit
        </span>
        <span>
          <i className="legend-failed" />
          failed
        </span>
      </figcaption>
    </figure>
  );
}

/** Up to three series per day as lines; a day without a value leaves a gap. */
export function DayLines({ days, series, format, label }: { days: readonly string[]; series: readonly { name: string; values: readonly (number | null)[] }[]; format: (value: number) => string; label: string }) {
  const max = niceMax(Math.max(0, ...series.flatMap((entry) => entry.values.filter((value): value is number => value !== null))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (days.length <= 1 ? plotWidth / 2 : (index / (days.length - 1)) * plotWidth);
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const path = (values: readonly (number | null)[]) => {
    let d = '';
    let drawing = false;
    values.forEach((value, index) => {
      if (value === null) {
        drawing = false;
        return;
      }
      d += `${drawing ? 'L' : 'M'}${x(index).toFixed(1)},${y(value).toFixed(1)} `;
      drawing = true;
    });
    return d.trim();
  };
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <Axes max={max} days={[...days]} format={format} x={x} />
        {series.map((entry, index) => (
          <g key={entry.name}>
            <path className={`chart-series chart-series-${index}`} d={path(entry.values)} />
            {entry.values.map((value, day) =>
              value === null ? null : (
                <circle key={day} className={`chart-series chart-series-${index}`} cx={x(day)} cy={y(value)} r={2.5}>
                  <title>{`${days[day]}: ${entry.name} ${format(value)}`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
      </svg>
      <figcaption className="chart-legend muted">
        {series.map((entry, index) => (
          <span key={entry.name}>
            <i className={`legend-${index}`} />
            {entry.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

import type { EngineMetrics } from '../../../shared/contract';
import { formatCount, formatDuration, formatPercent, SUCCESS_THRESHOLDS, successTone } from './format';

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <div className="stat card" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </div>
  );
}

/** The queue right now: what waits, how long, and what failed for good. */
export function QueueStats({ metrics }: { metrics: EngineMetrics }) {
  const { queue } = metrics;
  return (
    <section className="stats compact" data-testid="engine-metrics">
      <Stat label="In progress" value={formatCount(queue.running + queue.ready)} hint={`${formatCount(queue.running)} running · ${formatCount(queue.ready)} ready to start`} testId="metric-in-progress" />
      <Stat label="Scheduled" value={formatCount(queue.delayed)} hint="waiting for a time or a retry" testId="metric-queue" />
      <Stat label="Queue lag" value={formatDuration(queue.lagMs)} hint="oldest ready run’s wait" testId="metric-lag" />
      <Stat label="Dead letter" value={formatCount(queue.deadLetter)} hint="failed after the last try" testId="metric-dead-letter" />
    </section>
  );
}

/** Per workflow and per node type over every kept hour: runs, success rate, p50/p95/p99. */
export function MetricsTables({ metrics }: { metrics: EngineMetrics }) {
  const total = metrics.workflows.reduce((sum, row) => sum + row.count, 0);
  const succeeded = metrics.workflows.reduce((sum, row) => sum + row.succeeded, 0);
  if (total === 0) return <p className="muted">No run has finished yet: statistics appear here once one has.</p>;
  return (
    <>
      <p className="muted" data-testid="metric-runs">
        {formatCount(total)} finished runs since {new Date(metrics.since).toLocaleString()}, {formatPercent(succeeded / total)} succeeded.
      </p>
      <section className="grid-2 metrics-tables">
        <MetricsTable title="Per workflow" rows={metrics.workflows} testId="metrics-workflows" />
        <MetricsTable title="Per node type (steps)" rows={metrics.nodeTypes} testId="metrics-node-types" />
      </section>
      <p className="muted small legend" data-testid="rate-legend">
        Success: <span className="tone-ok">green</span> from {formatPercent(SUCCESS_THRESHOLDS.ok)}, <span className="tone-warn">amber</span> from {formatPercent(SUCCESS_THRESHOLDS.warn)},{' '}
        <span className="tone-danger">red</span> below. Durations are percentiles: half the runs took less than p50.
      </p>
    </>
  );
}

function MetricsTable({ title, rows, testId }: { title: string; rows: EngineMetrics['workflows']; testId: string }) {
  return (
    <div className="card table-card">
      <h2 className="card-title">{title}</h2>
      <div className="table-scroll">
        <table className="table compact numbers" data-testid={testId}>
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Runs</th>
              <th className="num">Success</th>
              <th className="num">p50</th>
              <th className="num">p95</th>
              <th className="num">p99</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td className="truncate" title={row.name}>
                  {row.name}
                </td>
                <td className="num">{formatCount(row.count)}</td>
                <td className={`num tone-${successTone(row.successRate)}`}>{formatPercent(row.successRate)}</td>
                <td className="num">{formatDuration(row.durationMs.p50)}</td>
                <td className="num">{formatDuration(row.durationMs.p95)}</td>
                <td className="num">{formatDuration(row.durationMs.p99)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

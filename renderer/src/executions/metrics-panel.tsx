import type { EngineMetrics } from '../../../shared/contract';
import { formatDuration, formatPercent } from './format';

function Stat({ label, value, hint, testId }: { label: string; value: string | number; hint?: string; testId?: string }) {
  return (
    <div className="stat card" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </div>
  );
}

/** Engine-wide figures, then per workflow and per node type: count, success rate, p50/p95/p99. */
export function MetricsPanel({ metrics }: { metrics: EngineMetrics }) {
  const total = metrics.workflows.reduce((sum, row) => sum + row.count, 0);
  const succeeded = metrics.workflows.reduce((sum, row) => sum + row.succeeded, 0);
  return (
    <>
      <section className="stats" data-testid="engine-metrics">
        <Stat label="Recent runs" value={total} hint={total ? `${formatPercent(succeeded / total)} succeeded since ${new Date(metrics.since).toLocaleDateString()}` : 'none yet'} testId="metric-runs" />
        <Stat label="Queue" value={metrics.queue.depth} hint={`${metrics.queue.running} running · ${metrics.queue.delayed} scheduled`} testId="metric-queue" />
        <Stat label="Lag" value={formatDuration(metrics.queue.lagMs)} hint="oldest ready run's wait" testId="metric-lag" />
        <Stat label="Dead letter" value={metrics.queue.deadLetter} hint="failed after the last try" testId="metric-dead-letter" />
      </section>
      {metrics.workflows.length > 0 && (
        <section className="grid-2">
          <MetricsTable title="Per workflow" rows={metrics.workflows} testId="metrics-workflows" />
          <MetricsTable title="Per node type" rows={metrics.nodeTypes} testId="metrics-node-types" />
        </section>
      )}
    </>
  );
}

function MetricsTable({ title, rows, testId }: { title: string; rows: EngineMetrics['workflows']; testId: string }) {
  return (
    <div className="card">
      <h2 className="card-title">{title}</h2>
      <table className="table compact" data-testid={testId}>
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
              <td className="truncate">{row.name}</td>
              <td className="num">{row.count}</td>
              <td className="num">{formatPercent(row.successRate)}</td>
              <td className="num">{formatDuration(row.durationMs.p50)}</td>
              <td className="num">{formatDuration(row.durationMs.p95)}</td>
              <td className="num">{formatDuration(row.durationMs.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

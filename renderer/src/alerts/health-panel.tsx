import { ArrowLeft, HeartPulse } from 'lucide-react';
import type { HealthFigure, WorkflowHealth } from '../../../shared/contract';
import { formatAlertValue, formatWindow } from '../../../shared/alerts/format-value';
import { useApiQuery } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { formatRelative } from '../components/format';
import { formatDuration } from '../executions/format';
import { SeverityBadge } from './severity-badge';

const STATUS_LABEL = { healthy: 'Healthy', failing: 'Failing', idle: 'No runs' };

function Figure({ figure, onRule }: { figure: HealthFigure; onRule: (ruleId: string) => void }) {
  const value = figure.samples === 0 && figure.kind !== 'workflow_dead_letter' ? '—' : formatAlertValue(figure.value, figure.unit);
  return (
    <div className={`card figure${figure.breaching ? ' breaching' : ''}`} data-testid={`figure-${figure.kind}`} data-breaching={figure.breaching}>
      <span className="stat-label">{figure.label}</span>
      <span className="stat-value">{value}</span>
      <span className="stat-hint muted">
        {figure.kind === 'workflow_dead_letter' ? 'waiting for retry or discard' : `${figure.samples} run${figure.samples === 1 ? '' : 's'} over ${formatWindow(figure.windowSeconds)}`}
      </span>
      {figure.rule ? (
        <button type="button" className={`link-button rule-link${figure.breaching ? ' danger-text' : ''}`} onClick={() => onRule(figure.rule!.id)} data-testid="figure-rule">
          {figure.breaching ? 'Past' : 'Watched by'} “{figure.rule.name}” at {formatAlertValue(figure.rule.threshold, figure.unit)}
          {figure.rule.enabled ? '' : ' (off)'} →
        </button>
      ) : (
        <span className="muted small">No rule watches this.</span>
      )}
    </div>
  );
}

function HourlyBars({ hourly }: { hourly: WorkflowHealth['hourly'] }) {
  const most = Math.max(1, ...hourly.map((hour) => hour.succeeded + hour.failed));
  return (
    <section className="card" aria-label="Runs per hour, last 24 hours">
      <h2 className="card-title">Runs per hour, last 24 hours</h2>
      <div className="bars" data-testid="health-bars">
        {hourly.map((hour) => (
          <div key={hour.hour} className="bar" title={`${new Date(hour.hour).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}: ${hour.succeeded} succeeded, ${hour.failed} failed`}>
            <span className="bar-ok" style={{ height: `${(hour.succeeded / most) * 100}%` }} />
            <span className="bar-bad" style={{ height: `${(hour.failed / most) * 100}%` }} />
          </div>
        ))}
      </div>
      <div className="bars-axis">
        <span>24 h ago</span>
        <span>now</span>
      </div>
    </section>
  );
}

export function WorkflowHealthView({ workflowId, onBack, onRule }: { workflowId: string; onBack: () => void; onRule: (ruleId: string) => void }) {
  const health = useApiQuery('alerts.health', { workflowId }, { refetchInterval: 5000 });
  const data = health.data;
  return (
    <section data-testid="workflow-health">
      <div className="detail-header">
        <button type="button" className="button" onClick={onBack} data-testid="health-back">
          <ArrowLeft size={15} aria-hidden /> All workflows
        </button>
        {data && (
          <h2 className="health-title">
            <span className={`health-dot ${data.status}`} aria-hidden />
            {data.workflowName}
            <span className="muted small">{STATUS_LABEL[data.status]}</span>
          </h2>
        )}
      </div>
      {health.isError && <p className="form-error">{health.error.message}</p>}
      {data && (
        <>
          <div className="figures">
            {data.figures.map((figure) => (
              <Figure key={figure.kind} figure={figure} onRule={onRule} />
            ))}
          </div>
          <div className="grid-2">
            <HourlyBars hourly={data.hourly} />
            <div className="card">
              <h2 className="card-title">Firing now</h2>
              {data.firing.length === 0 ? (
                <p className="muted">Nothing is firing for this workflow.</p>
              ) : (
                <ul className="activity">
                  {data.firing.map((alert) => (
                    <li key={alert.id}>
                      <SeverityBadge alert={alert} />
                      <span className="activity-message">{alert.title}</span>
                      <span className="muted small">{formatRelative(alert.firedAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
              <h2 className="card-title spaced">Latest failures</h2>
              {data.recentFailures.length === 0 ? (
                <p className="muted">No failed run.</p>
              ) : (
                <ul className="activity" data-testid="health-failures">
                  {data.recentFailures.map((failure) => (
                    <li key={failure.executionId}>
                      <span className="muted">#{failure.executionId}</span>
                      <span className="activity-message">
                        {failure.nodeName ? <strong>{failure.nodeName}: </strong> : null}
                        {failure.message}
                      </span>
                      <span className="muted small">{formatRelative(failure.at)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

/** Every workflow at a glance, failing ones first; one opens its health view. */
export function HealthPanel({ onOpen }: { onOpen: (workflowId: string) => void }) {
  const rows = useApiQuery('alerts.healthOverview', {}, { refetchInterval: 5000 });
  if (rows.data?.length === 0) {
    return (
      <EmptyState icon={HeartPulse} title="No workflow to watch yet">
        <p>Each workflow’s failure rate, failures, p95 duration and dead letters show here once it exists, red where a rule’s threshold is passed.</p>
      </EmptyState>
    );
  }
  return (
    <section className="card" data-testid="health-overview">
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>Workflow</th>
              <th className="num">Runs</th>
              <th className="num">Failure rate</th>
              <th className="num">p95</th>
              <th className="num">Dead letters</th>
              <th className="num">Firing</th>
            </tr>
          </thead>
          <tbody>
            {rows.data?.map((row) => (
              <tr key={row.workflowId} className="clickable" onClick={() => onOpen(row.workflowId)} data-testid={`health-row-${row.workflowName}`} data-status={row.status}>
                <td>
                  <span className={`health-dot ${row.status}`} title={STATUS_LABEL[row.status]} />
                  <button type="button" className="link-button" onClick={(event) => (event.stopPropagation(), onOpen(row.workflowId))}>
                    {row.workflowName}
                  </button>
                </td>
                <td className="num">{row.runs}</td>
                <td className={`num${row.status === 'failing' && row.failureRate > 0 ? ' danger-text' : ''}`}>{row.runs === 0 ? '—' : formatAlertValue(row.failureRate, 'ratio')}</td>
                <td className="num">{row.runs === 0 ? '—' : formatDuration(row.p95Seconds * 1000)}</td>
                <td className={`num${row.deadLetters > 0 ? ' danger-text' : ''}`}>{row.deadLetters}</td>
                <td className={`num${row.firing > 0 ? ' danger-text' : ''}`}>{row.firing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { BellOff, CheckCheck, Search } from 'lucide-react';
import { Fragment, useEffect, useState } from 'react';
import type { Alert, AlertSeverity } from '../../../shared/contract';
import { formatAlertValue } from '../../../shared/alerts/format-value';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { EmptyState } from '../components/empty-state';
import { formatRelative } from '../components/format';
import { formatDuration } from '../executions/format';
import { SeverityBadge } from './severity-badge';

type StatusFilter = 'firing' | 'resolved' | 'all';

function AlertDetail({ alert, onRule }: { alert: Alert; onRule: (ruleId: string) => void }) {
  return (
    <tr className="alert-detail" data-testid={`alert-detail-${alert.id}`}>
      <td colSpan={5}>
        <p>{alert.message}</p>
        <dl className="facts">
          <dt>Value when it fired</dt>
          <dd>
            {formatAlertValue(alert.value, alert.unit)} <span className="muted">(peak {formatAlertValue(alert.peak, alert.unit)}, threshold {formatAlertValue(alert.threshold, alert.unit)})</span>
          </dd>
          <dt>Fired</dt>
          <dd>{new Date(alert.firedAt).toLocaleString()}</dd>
          <dt>Resolved</dt>
          <dd>{alert.resolvedAt ? `${new Date(alert.resolvedAt).toLocaleString()} · after ${formatDuration(Date.parse(alert.resolvedAt) - Date.parse(alert.firedAt))}` : 'Still firing'}</dd>
          <dt>Rule</dt>
          <dd>
            <button type="button" className="link-button" onClick={() => onRule(alert.ruleId)} data-testid="alert-rule-link">
              {alert.ruleName}
            </button>
          </dd>
          <dt>Sent to</dt>
          <dd>
            {alert.deliveries.length === 0 ? (
              <span className="muted">The inbox only: the rule names no channel.</span>
            ) : (
              <ul className="deliveries">
                {alert.deliveries.map((delivery, index) => (
                  <li key={index} className={delivery.ok ? 'delivery' : 'delivery failed'} title={delivery.error ?? undefined}>
                    {delivery.channelName} · {delivery.event} {delivery.ok ? '✓' : `✗ ${delivery.error ?? ''}`}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </td>
    </tr>
  );
}

/** Every alert, newest first: firing ones stand out, unread ones are marked, any can be searched. */
export function InboxPanel({ onRule, onShowRules }: { onRule: (ruleId: string) => void; onShowRules: () => void }) {
  const [status, setStatus] = useState<StatusFilter>('all');
  const [severity, setSeverity] = useState<AlertSeverity | ''>('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(50);
  const [open, setOpen] = useState<number>();
  const list = useApiQuery('alerts.list', { status, severity: severity || undefined, search: query || undefined, limit });
  const summary = useApiQuery('alerts.summary', {});
  const markRead = useApiMutation('alerts.markRead');

  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);

  const toggle = (alert: Alert) => {
    setOpen(open === alert.id ? undefined : alert.id);
    if (!alert.readAt) markRead.mutate({ ids: [alert.id] });
  };
  const items = list.data?.items ?? [];
  const nothingEver = list.isSuccess && items.length === 0 && status === 'all' && !query && !severity;

  if (nothingEver) {
    return (
      <EmptyState
        icon={BellOff}
        title="No alert so far"
        action={
          <button type="button" className="button" onClick={onShowRules} data-testid="inbox-see-rules">
            See the rules
          </button>
        }
      >
        <p>When a rule’s threshold is reached (a workflow failing, an MCP server crash-looping, a connection failing its checks), the alert lands here and in the channels the rule names. It resolves here too.</p>
      </EmptyState>
    );
  }

  return (
    <section className="card" data-testid="alerts-inbox">
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Which alerts">
          {(['all', 'firing', 'resolved'] as const).map((option) => (
            <button key={option} type="button" role="tab" aria-selected={status === option} className={`segment${status === option ? ' selected' : ''}`} onClick={() => setStatus(option)} data-testid={`inbox-${option}`}>
              {option === 'all' ? 'All' : option === 'firing' ? `Firing${summary.data?.firing ? ` (${summary.data.firing})` : ''}` : 'Resolved'}
            </button>
          ))}
        </div>
        <label className="search-field">
          <Search size={14} aria-hidden />
          <input type="search" placeholder="Search titles, rules, workflows…" value={search} onChange={(event) => setSearch(event.target.value)} aria-label="Search alerts" data-testid="alerts-search" />
        </label>
        <label className="field-inline">
          Severity
          <select className="form-control" value={severity} onChange={(event) => setSeverity(event.target.value as AlertSeverity | '')} data-testid="alerts-severity">
            <option value="">Any</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </label>
        <span className="spacer" />
        <button type="button" className="button" disabled={!summary.data?.unread} onClick={() => markRead.mutate({ all: true })} data-testid="alerts-mark-all-read">
          <CheckCheck size={15} aria-hidden /> Mark all read
        </button>
      </div>
      {items.length === 0 ? (
        <p className="muted" data-testid="alerts-none">
          No alert matches.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="alerts-table">
            <thead>
              <tr>
                <th>State</th>
                <th>Alert</th>
                <th>Subject</th>
                <th>Fired</th>
                <th>Lasted</th>
              </tr>
            </thead>
            <tbody>
              {items.map((alert) => (
                <Fragment key={alert.id}>
                  <tr className={`alert-row${alert.readAt ? '' : ' unread'}${open === alert.id ? ' open' : ''}`} onClick={() => toggle(alert)} data-testid={`alert-${alert.id}`} aria-expanded={open === alert.id}>
                    <td>
                      <SeverityBadge alert={alert} />
                    </td>
                    <td className="alert-title">
                      <button type="button" className="link-button" onClick={(event) => (event.stopPropagation(), toggle(alert))}>
                        {alert.title}
                      </button>
                    </td>
                    <td className="muted">{alert.subjectName}</td>
                    <td className="muted nowrap" title={new Date(alert.firedAt).toLocaleString()}>
                      {formatRelative(alert.firedAt)}
                    </td>
                    <td className="muted nowrap">{alert.resolvedAt ? formatDuration(Date.parse(alert.resolvedAt) - Date.parse(alert.firedAt)) : 'firing'}</td>
                  </tr>
                  {open === alert.id && <AlertDetail alert={alert} onRule={onRule} />}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.nextBefore !== undefined && limit < 500 && (
        <button type="button" className="button" onClick={() => setLimit(Math.min(500, limit + 50))} data-testid="alerts-more">
          Show older alerts
        </button>
      )}
    </section>
  );
}

import { Trash2 } from 'lucide-react';
import { launchLine, type ServerSummary } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { HealthChart } from '../components/health-chart';
import { showToast } from '../components/toasts';
import { formatDuration, useNow } from './use-now';

/** The ping intervals offered; a definition may hold any other (from the CLI or an import), shown as it is. */
const PING_CHOICES = [0, 5_000, 15_000, 30_000, 60_000, 300_000];

const pingLabel = (ms: number) => (ms === 0 ? 'Off' : ms < 60_000 ? `Every ${ms / 1000} s` : `Every ${ms / 60_000} min`);

/** Facts about one server: how it runs, how it is doing, and its settings. */
export function OverviewPanel({ server, onRemoved }: { server: ServerSummary; onRemoved: () => void }) {
  const now = useNow();
  const runtime = server.runtime;
  const health = useApiQuery('mcp.servers.health', { name: server.name, limit: 50 });
  const update = useApiMutation('mcp.servers.update');
  const remove = useApiMutation('mcp.servers.remove');
  const env = server.transport.type === 'http' ? server.transport.headers : server.transport.env;

  const toggle = (changes: { enabled?: boolean; autoStart?: boolean; healthIntervalMs?: number }) =>
    update.mutate({ name: server.name, changes }, { onError: (error) => showToast({ kind: 'error', title: 'Could not save', detail: error.message }) });

  return (
    <div className="overview">
      {runtime.lastError && (
        <div className="callout callout-error" data-testid="last-error">
          <strong>Last error</strong>
          <p>{runtime.lastError}</p>
        </div>
      )}
      <dl className="facts">
        <dt>Launch</dt>
        <dd className="mono">{launchLine(server.transport)}</dd>
        {server.transport.type !== 'http' && server.transport.cwd && (
          <>
            <dt>Working dir</dt>
            <dd className="mono">{server.transport.cwd}</dd>
          </>
        )}
        <dt>{server.transport.type === 'http' ? 'Headers' : 'Environment'}</dt>
        <dd>
          {Object.keys(env).length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="plain-list mono small">
              {Object.entries(env).map(([key, value]) => (
                <li key={key}>
                  {key}={value}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>PID</dt>
        <dd className="mono" data-testid="server-pid">
          {runtime.pid ?? '—'}
        </dd>
        <dt>Uptime</dt>
        <dd>{runtime.startedAt ? formatDuration(now - new Date(runtime.startedAt).getTime()) : '—'}</dd>
        <dt>Restarts</dt>
        <dd>{runtime.restarts}</dd>
        {runtime.nextRetryAt && (
          <>
            <dt>Next retry</dt>
            <dd>in {formatDuration(new Date(runtime.nextRetryAt).getTime() - now)}</dd>
          </>
        )}
        <dt>Connected over</dt>
        <dd>{runtime.connectedOver ?? '—'}</dd>
        <dt>Server</dt>
        <dd>{runtime.serverInfo ? `${runtime.serverInfo.name} ${runtime.serverInfo.version}` : '—'}</dd>
        <dt>Health</dt>
        <dd data-testid="health-summary">
          {health.data && health.data.checks.length > 0
            ? `${Math.round((health.data.successRate ?? 0) * 100)}% of the last ${health.data.checks.length === 1 ? 'ping' : `${health.data.checks.length} pings`} answered, median ${health.data.p50LatencyMs?.toFixed(1) ?? '—'} ms`
            : server.healthIntervalMs > 0
              ? `ping every ${server.healthIntervalMs / 1000} s; no check yet`
              : 'health checks off'}
        </dd>
        <dt>Restart policy</dt>
        <dd>
          {server.restart.mode === 'never'
            ? 'never restart'
            : `restart on failure, backing off from ${server.restart.initialBackoffMs / 1000} s; stop after ${server.restart.maxCrashes} crashes in ${server.restart.windowSeconds} s`}
        </dd>
      </dl>
      {server.healthIntervalMs > 0 && (
        <section>
          <h3 className="section-title">Ping latency</h3>
          <HealthChart
            samples={[...(health.data?.checks ?? [])].reverse()}
            emptyText={`No pings yet: Echelon pings the server every ${server.healthIntervalMs / 1000} s while it runs.`}
          />
        </section>
      )}
      <div className="settings-row">
        <label className="checkbox">
          <input type="checkbox" checked={server.enabled} onChange={(event) => toggle({ enabled: event.target.checked })} data-testid="server-enabled" />
          Enabled
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={server.autoStart} onChange={(event) => toggle({ autoStart: event.target.checked })} />
          Start with Echelon
        </label>
        <label className="field-inline">
          Ping
          <select value={server.healthIntervalMs} onChange={(event) => toggle({ healthIntervalMs: Number(event.target.value) })} data-testid="server-ping-interval">
            {[...new Set([...PING_CHOICES, server.healthIntervalMs])]
              .sort((a, b) => a - b)
              .map((ms) => (
                <option key={ms} value={ms}>
                  {pingLabel(ms)}
                </option>
              ))}
          </select>
        </label>
        <button
          type="button"
          className="button danger"
          onClick={() => {
            if (!window.confirm(`Remove ${server.name}? Its logs and health history go too; the call journal stays.`)) return;
            remove.mutate({ name: server.name }, { onSuccess: onRemoved, onError: (error) => showToast({ kind: 'error', title: 'Could not remove', detail: error.message }) });
          }}
        >
          <Trash2 size={14} aria-hidden /> Remove
        </button>
      </div>
    </div>
  );
}

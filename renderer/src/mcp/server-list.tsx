import type { ServerSummary } from '../../../shared/contract';
import { ServerActions } from './server-actions';
import { StatusBadge } from './status-badge';
import { formatDuration, useNow } from './use-now';

/** How it starts, short: `node …/server-everything/dist/index.js`, its URL, or `box: node …` over SSH. */
function launchLine(server: ServerSummary): string {
  if (server.transport.type === 'http') return server.transport.url;
  const base = (file: string) => file.split(/[\\/]/).pop() ?? file;
  const shorten = (arg: string) => (arg.length > 40 && /[\\/]/.test(arg) ? `…/${arg.split(/[\\/]/).slice(-3).join('/')}` : arg);
  const command = [base(server.transport.command), ...server.transport.args.map(shorten)].join(' ');
  return server.transport.type === 'ssh' ? `${server.transport.connection}: ${command}` : command;
}

/** Every server at a glance: status, uptime, restarts, PID, tools and the last error. */
export function ServerList({ servers, selected, onSelect }: { servers: ServerSummary[]; selected?: string; onSelect: (name: string) => void }) {
  const now = useNow();
  return (
    <div className="card server-list-card">
      <table className="table server-table" data-testid="server-list">
        <thead>
          <tr>
            <th>Server</th>
            <th>Status</th>
            <th className="num">Uptime</th>
            <th className="num">Restarts</th>
            <th className="num">PID</th>
            <th className="num">Tools</th>
            <th>Last error</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {servers.map((server) => {
            const runtime = server.runtime;
            return (
              <tr
                key={server.id}
                className={server.name === selected ? 'selected' : undefined}
                onClick={() => onSelect(server.name)}
                data-testid={`server-row-${server.name}`}
                aria-selected={server.name === selected}
              >
                <td>
                  <button type="button" className="link-button" onClick={() => onSelect(server.name)}>
                    {server.name}
                  </button>
                  <div className="muted small mono ellipsis" title={launchLine(server)}>
                    {launchLine(server)}
                  </div>
                </td>
                <td>
                  <StatusBadge status={server.enabled ? runtime.status : 'disabled'} />
                </td>
                <td className="num">{runtime.startedAt ? formatDuration(now - new Date(runtime.startedAt).getTime()) : '—'}</td>
                <td className="num">{runtime.restarts}</td>
                <td className="num mono">{runtime.pid ?? '—'}</td>
                <td className="num">{runtime.toolCount}</td>
                <td className="last-error" title={runtime.lastError ?? undefined}>
                  {runtime.lastError ? <span className="error-text ellipsis">{runtime.lastError}</span> : <span className="muted">—</span>}
                </td>
                <td>
                  <ServerActions server={server} compact />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

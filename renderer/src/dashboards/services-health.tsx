import { PlugZap, Server } from 'lucide-react';
import { useQueries } from '@tanstack/react-query';
import { call } from '../api/client';
import { queryKey, useApiQuery } from '../api/hooks';
import { Sparkline } from './runs-chart';

const UP = new Set(['running', 'degraded']);

/** MCP servers up and down, each with the response times of its last health checks. */
export function McpServersCard() {
  const servers = useApiQuery('mcp.servers.overview', {});
  const list = servers.data ?? [];
  const health = useQueries({
    queries: list.map((server) => ({ queryKey: queryKey('mcp.servers.health', { name: server.name, limit: 30 }), queryFn: () => call('mcp.servers.health', { name: server.name, limit: 30 }) })),
  });
  const up = list.filter((server) => UP.has(server.status)).length;
  return (
    <div className="card" data-testid="mcp-health">
      <h2 className="card-title">
        <Server size={16} aria-hidden /> MCP servers
        {list.length > 0 && (
          <span className="muted card-count">
            {up} up · {list.length - up} down
          </span>
        )}
      </h2>
      {servers.data && list.length === 0 && (
        <p className="muted">
          No MCP server yet. <a href="#/mcp">Add or import one</a>.
        </p>
      )}
      <ul className="health-rows">
        {list.map((server, index) => {
          const checks = [...(health[index]?.data?.checks ?? [])].reverse();
          return (
            <li key={server.name}>
              <a href="#/mcp" className="row-link health-name" data-testid="mcp-health-row" data-status={server.status}>
                <span className={`dot status-${UP.has(server.status) ? 'up' : 'down'}`} aria-hidden /> {server.name}
              </a>
              <span className="muted small">{server.status}</span>
              <Sparkline label={`${server.name} response time`} values={checks.map((check) => (check.ok ? check.latencyMs : null))} failed={checks.map((check) => !check.ok)} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** API connections whose last check failed, each linking to the connection. */
export function ConnectionsCard() {
  const connections = useApiQuery('integrations.connections.list', {});
  const failing = connections.data?.filter((connection) => connection.status === 'error') ?? [];
  return (
    <div className="card" data-testid="connections-health">
      <h2 className="card-title">
        <PlugZap size={16} aria-hidden /> Connections
        {connections.data && <span className="muted card-count">{failing.length} in error · {connections.data.length} in all</span>}
      </h2>
      {connections.data && failing.length === 0 && <p className="muted">{connections.data.length === 0 ? 'No API connection yet.' : 'Every connection answered its last check.'}</p>}
      <ul className="health-rows">
        {failing.map((connection) => (
          <li key={connection.id}>
            <a href="#/integrations" className="row-link health-name" data-testid="failing-connection">
              <span className="dot status-down" aria-hidden /> {connection.name}
            </a>
            <span className="muted small truncate" title={connection.statusMessage ?? undefined}>
              {connection.statusMessage ?? 'failed its last check'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

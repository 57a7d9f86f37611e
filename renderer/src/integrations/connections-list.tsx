import type { Connection } from '../../../shared/contract';
import type { PluginInfo } from '../../../shared/integrations/manifest';
import { formatRelative } from '../components/format';
import { PluginIcon } from '../components/plugin-icon';
import { StatusBadge } from './status-badge';

/** The connections made so far, with their status and last response time. */
export function ConnectionsList({ connections, plugins, onOpen }: { connections: readonly Connection[]; plugins: readonly PluginInfo[]; onOpen: (id: string) => void }) {
  return (
    <section className="card" aria-labelledby="connections-title">
      <h2 className="card-title" id="connections-title">
        Connections
      </h2>
      <table className="table connections" data-testid="connections">
        <thead>
          <tr>
            <th>Name</th>
            <th>Integration</th>
            <th>Status</th>
            <th className="num">Response</th>
            <th>Last check</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => {
            const plugin = plugins.find((candidate) => candidate.id === connection.pluginId);
            return (
              <tr key={connection.id} className="clickable" onClick={() => onOpen(connection.id)} data-testid={`connection-row-${connection.name}`}>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(connection.id)}>
                    {connection.name}
                  </button>
                </td>
                <td>
                  <span className="inline-plugin">
                    <PluginIcon name={plugin?.icon ?? 'plug'} size={15} />
                    {plugin?.name ?? connection.pluginId} <span className="muted">{connection.pluginVersion}</span>
                  </span>
                </td>
                <td>
                  <StatusBadge status={connection.status} />
                </td>
                <td className="num">{connection.lastResponseMs === null ? '—' : `${Math.round(connection.lastResponseMs)} ms`}</td>
                <td className="muted">{connection.lastCheckedAt ? formatRelative(connection.lastCheckedAt) : 'Never'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

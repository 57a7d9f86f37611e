import { Network } from 'lucide-react';
import { useState } from 'react';
import { useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { JsonView } from './json-view';

/** How an AI client reaches every server at once: the gateway's reach, and the config to paste. */
export function GatewayCard() {
  const info = useApiQuery('mcp.gateway.info', {});
  const [showConfig, setShowConfig] = useState(false);
  const exported = useApiQuery('mcp.export', { target: 'claude-desktop', entryName: 'echelon' }, { enabled: showConfig });
  if (!info.data) return null;
  const { command, args, env = {} } = info.data.stdio;
  const launch = [...Object.entries(env).map(([name, value]) => `${name}=${value}`), command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ');
  return (
    <section className="card gateway-card" data-testid="gateway-card">
      <h2 className="card-title">
        <Network size={16} aria-hidden /> Gateway
      </h2>
      <p>
        <strong data-testid="gateway-tool-count">{info.data.toolCount}</strong> tool{info.data.toolCount === 1 ? '' : 's'} from {info.data.serverCount} running server
        {info.data.serverCount === 1 ? '' : 's'}, named <code>server__tool</code>, for any MCP client.
        {info.data.httpUrl && (
          <>
            {' '}
            Streamable HTTP at <code>{info.data.httpUrl}</code> (bearer token in the data dir's <code>serve.json</code>).
          </>
        )}
      </p>
      <CommandLine>{launch}</CommandLine>
      <p>
        <button type="button" className="link-button" onClick={() => setShowConfig((shown) => !shown)} aria-expanded={showConfig}>
          {showConfig ? 'Hide' : 'Show'} the Claude Desktop config
        </button>
      </p>
      {showConfig && exported.data && <JsonView value={exported.data.config} />}
    </section>
  );
}

import { Network } from 'lucide-react';
import { useState } from 'react';
import type { ImportFormat } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { CommandLine, CopyButton } from '../components/code';
import { JsonView } from './json-view';
import { SegmentedChoice } from '../components/segmented-choice';

/** Each client's name, and where its config lives. */
const CLIENTS: Record<ImportFormat, { label: string; file: string }> = {
  'claude-desktop': { label: 'Claude Desktop', file: 'claude_desktop_config.json' },
  cursor: { label: 'Cursor', file: '~/.cursor/mcp.json' },
  vscode: { label: 'VS Code', file: '.vscode/mcp.json' },
};

/** How an AI client reaches every server at once: the gateway's reach, and the config to paste. */
export function GatewayCard() {
  const info = useApiQuery('mcp.gateway.info', {});
  const [showConfig, setShowConfig] = useState(false);
  const [target, setTarget] = useState<ImportFormat>('claude-desktop');
  const exported = useApiQuery('mcp.export', { target, entryName: 'echelon' }, { enabled: showConfig });
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
          {showConfig ? 'Hide' : 'Show'} the config for an AI client
        </button>
      </p>
      {showConfig && (
        <>
          <SegmentedChoice
            label="Client"
            name="export-client"
            choices={(Object.keys(CLIENTS) as ImportFormat[]).map((client) => ({ value: client, label: CLIENTS[client].label }))}
            value={target}
            onChange={setTarget}
            small
            testId={(client) => `export-${client}`}
          />
          <p className="muted small">
            {exported.data && <CopyButton text={exported.data.json} label={`Copy the ${CLIENTS[target].label} config`} />} Paste into <code>{CLIENTS[target].file}</code>, or
            write it with <code>echelon mcp export --for {target} --merge FILE --out FILE</code>, which keeps your other settings.
          </p>
          {exported.data && <JsonView value={exported.data.config} testId="export-config" />}
        </>
      )}
    </section>
  );
}

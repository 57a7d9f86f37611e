import { lazy, Suspense } from 'react';
import type { ServerSummary } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { LogsPanel } from './logs-panel';
import { OverviewPanel } from './overview-panel';
import { ResourcesPanel } from './resources-panel';
import { ServerActions } from './server-actions';
import { StatusBadge } from './status-badge';
import { ToolsPanel, type ToolSelection } from './tools-panel';

const PromptsPanel = lazy(() => import('./prompts-panel').then((module) => ({ default: module.PromptsPanel })));

export type DetailTab = 'overview' | 'tools' | 'resources' | 'prompts' | 'logs';

/** One server in depth: its facts, what it offers (tools, resources, prompts) and its log. */
export function ServerDetail({
  server,
  tab,
  onTab,
  toolSelection,
  onToolSelection,
  onRemoved,
}: {
  server: ServerSummary;
  tab: DetailTab;
  onTab: (tab: DetailTab) => void;
  toolSelection?: ToolSelection;
  onToolSelection: (selection: ToolSelection) => void;
  onRemoved: () => void;
}) {
  const catalog = useApiQuery('mcp.catalog', { name: server.name });
  const counts: Partial<Record<DetailTab, number>> = catalog.data
    ? { tools: catalog.data.tools.length, resources: catalog.data.resources.length, prompts: catalog.data.prompts.length }
    : {};
  const tabs: { id: DetailTab; label: string }[] = [
    { id: 'overview', label: 'Overview' },
    { id: 'tools', label: 'Tools' },
    { id: 'resources', label: 'Resources' },
    { id: 'prompts', label: 'Prompts' },
    { id: 'logs', label: 'Log' },
  ];
  const offline = server.runtime.status !== 'running' && server.runtime.status !== 'degraded';

  return (
    <section className="card server-detail" data-testid="server-detail">
      <header className="detail-head">
        <div className="server-title">
          <h2>{server.name}</h2>
          <StatusBadge status={server.enabled ? server.runtime.status : 'disabled'} />
          {server.description && <span className="muted">{server.description}</span>}
        </div>
        <ServerActions server={server} />
      </header>
      <div className="tabs" role="tablist">
        {tabs.map(({ id, label }) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => onTab(id)} data-testid={`tab-${id}`}>
            {label}
            {counts[id] !== undefined && <span className="tab-count">{counts[id]}</span>}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel">
        {tab === 'overview' && <OverviewPanel server={server} onRemoved={onRemoved} />}
        {tab === 'logs' && <LogsPanel server={server.name} />}
        {(tab === 'tools' || tab === 'resources' || tab === 'prompts') && offline && (
          <p className="muted">Start the server to see its {tab}: they are read from it while it runs.</p>
        )}
        {tab === 'tools' && catalog.data && !offline && <ToolsPanel server={server.name} catalog={catalog.data} selection={toolSelection} onSelect={onToolSelection} />}
        {tab === 'resources' && catalog.data && !offline && <ResourcesPanel server={server.name} catalog={catalog.data} />}
        {tab === 'prompts' && catalog.data && !offline && (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <PromptsPanel server={server.name} catalog={catalog.data} />
          </Suspense>
        )}
      </div>
    </section>
  );
}

import { FileUp, Plus, Server } from 'lucide-react';
import { useState } from 'react';
import type { JournalEntry } from '../../../shared/contract';
import { useApiQuery } from '../api/hooks';
import { CommandLine } from '../components/code';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { AddServerDialog } from '../mcp/add-server-dialog';
import { GatewayCard } from '../mcp/gateway-card';
import { ImportDialog } from '../mcp/import-dialog';
import { JournalPanel } from '../mcp/journal-panel';
import { ServerDetail, type DetailTab } from '../mcp/server-detail';
import { ServerList } from '../mcp/server-list';
import type { ToolSelection } from '../mcp/tools-panel';
import '../mcp/mcp.css';

type View = 'servers' | 'journal';

export function McpServersPage() {
  const servers = useApiQuery('mcp.servers.list', {});
  const [view, setView] = useState<View>('servers');
  const [selected, setSelected] = useState<string | undefined>();
  const [tab, setTab] = useState<DetailTab>('overview');
  const [toolSelection, setToolSelection] = useState<ToolSelection | undefined>();
  const [dialog, setDialog] = useState<'add' | 'import' | undefined>();
  const list = servers.data ?? [];
  const current = list.find((server) => server.name === selected) ?? list[0];

  const callAgain = (entry: JournalEntry) => {
    setSelected(entry.server);
    setView('servers');
    setTab('tools');
    setToolSelection({ tool: entry.tool, args: (entry.arguments ?? {}) as Record<string, unknown>, key: entry.id });
  };

  const actions = (
    <>
      <button type="button" className="button" onClick={() => setDialog('import')} data-testid="mcp-import">
        <FileUp size={14} aria-hidden /> Import
      </button>
      <button type="button" className="button primary" onClick={() => setDialog('add')} data-testid="mcp-add">
        <Plus size={14} aria-hidden /> Add server
      </button>
    </>
  );

  return (
    <div className="page" data-testid="page-mcp">
      <PageHeader title="MCP Servers" subtitle="Local and remote Model Context Protocol servers that Echelon launches and watches." actions={actions} />
      {servers.isSuccess && list.length === 0 ? (
        <EmptyState icon={Server} title="No MCP servers yet" action={actions}>
          <p>Bring the servers you already use from Claude Desktop, Cursor or VS Code, or add one by its command:</p>
          <CommandLine>npx echelon mcp import ~/.config/Claude/claude_desktop_config.json</CommandLine>
        </EmptyState>
      ) : (
        <>
          <div className="tabs page-tabs" role="tablist">
            <button type="button" role="tab" aria-selected={view === 'servers'} className={view === 'servers' ? 'tab active' : 'tab'} onClick={() => setView('servers')} data-testid="view-servers">
              Servers <span className="tab-count">{list.length}</span>
            </button>
            <button type="button" role="tab" aria-selected={view === 'journal'} className={view === 'journal' ? 'tab active' : 'tab'} onClick={() => setView('journal')} data-testid="view-journal">
              Call journal
            </button>
          </div>
          {view === 'servers' && (
            <>
              <ServerList
                servers={list}
                selected={current?.name}
                onSelect={(name) => {
                  setSelected(name);
                  setToolSelection(undefined);
                }}
              />
              {current && (
                <ServerDetail
                  key={current.id}
                  server={current}
                  tab={tab}
                  onTab={setTab}
                  toolSelection={toolSelection}
                  onToolSelection={setToolSelection}
                  onRemoved={() => setSelected(undefined)}
                />
              )}
              <GatewayCard />
            </>
          )}
          {view === 'journal' && <JournalPanel servers={list} onCallAgain={callAgain} />}
        </>
      )}
      <AddServerDialog
        open={dialog === 'add'}
        onClose={() => setDialog(undefined)}
        onAdded={(name) => {
          setDialog(undefined);
          setSelected(name);
          setTab('overview');
        }}
      />
      <ImportDialog open={dialog === 'import'} onClose={() => setDialog(undefined)} />
    </div>
  );
}

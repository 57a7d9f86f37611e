import { Server } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { CommandLine } from '../components/code';

export function McpServersPage() {
  return (
    <div className="page" data-testid="page-mcp">
      <PageHeader title="MCP Servers" subtitle="Local and remote Model Context Protocol servers that Echelon launches and watches." />
      <EmptyState icon={Server} title="No MCP servers yet">
        <p>Bring the servers you already use from Claude Desktop, Cursor or VS Code:</p>
        <CommandLine>npx echelon mcp import ~/.config/Claude/claude_desktop_config.json</CommandLine>
      </EmptyState>
    </div>
  );
}

import type { ConnectionStatus, GalleryEntry, ServerStatus } from '../../../../shared/contract';
import type { GallerySource } from '../integrations/gallery/gallery';
import type { McpService } from './mcp-service';

/** How a server's supervisor state reads on a gallery tile. */
const AS_CONNECTION: Record<ServerStatus, ConnectionStatus> = {
  running: 'connected',
  starting: 'testing',
  degraded: 'error',
  crashed: 'error',
  backoff: 'error',
  stopped: 'disconnected',
};

/** Every MCP server as a gallery tile of type "mcp", so the gallery shows API and MCP side by side. */
export function mcpGallerySource(mcp: McpService): GallerySource {
  return {
    entries(): GalleryEntry[] {
      return mcp.overview().map((server) => {
        const status = AS_CONNECTION[server.status];
        return {
          key: `mcp:${server.name}`,
          type: 'mcp',
          id: server.name,
          name: server.name,
          description: server.description || `${server.transport === 'stdio' ? 'Local' : 'Remote'} MCP server · ${server.toolCount} tool${server.toolCount === 1 ? '' : 's'}`,
          category: 'MCP servers',
          icon: 'server',
          versions: [],
          connections: 1,
          connected: status !== 'disconnected',
          status,
        };
      });
    },
  };
}

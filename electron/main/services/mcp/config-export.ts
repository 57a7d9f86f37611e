import type { ImportFormat, LaunchCommand } from '../../../../shared/contract';

/** How AI clients launch the stdio gateway: `echelon mcp gateway` for this data dir. */
export type GatewayLaunch = LaunchCommand;

/** Where each client keeps its servers: Claude Desktop and Cursor under `mcpServers`, VS Code under `servers` with a type. */
const SERVERS_KEY: Record<ImportFormat, 'mcpServers' | 'servers'> = { 'claude-desktop': 'mcpServers', cursor: 'mcpServers', vscode: 'servers' };

/**
 * A client config whose one Echelon entry is the gateway. Given the user's current config, its
 * other settings and the servers Echelon does not manage are kept; the ones Echelon manages are
 * dropped, since the gateway now serves them.
 */
export function clientConfig(
  target: ImportFormat,
  entryName: string,
  launch: GatewayLaunch,
  existing: Record<string, unknown> = {},
  managed: readonly string[] = [],
): Record<string, unknown> {
  const key = SERVERS_KEY[target];
  const current = typeof existing[key] === 'object' && existing[key] !== null ? (existing[key] as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(current).filter(([name]) => name !== entryName && !managed.some((m) => m.toLowerCase() === name.toLowerCase())));
  const entry = {
    ...(target === 'vscode' ? { type: 'stdio' } : {}),
    command: launch.command,
    args: launch.args,
    ...(launch.env && Object.keys(launch.env).length ? { env: launch.env } : {}),
  };
  return { ...existing, [key]: { ...kept, [entryName]: entry } };
}

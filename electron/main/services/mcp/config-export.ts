import type { LaunchCommand } from '../../../../shared/contract';

/** How AI clients launch the stdio gateway: `echelon mcp gateway` for this data dir. */
export type GatewayLaunch = LaunchCommand;

/**
 * A Claude Desktop config whose one Echelon entry is the gateway. Given the user's current
 * config, its other settings and the servers Echelon does not manage are kept; the ones Echelon
 * manages are dropped, since the gateway now serves them.
 */
export function claudeDesktopConfig(entryName: string, launch: GatewayLaunch, existing: Record<string, unknown> = {}, managed: readonly string[] = []): Record<string, unknown> {
  const current = typeof existing.mcpServers === 'object' && existing.mcpServers !== null ? (existing.mcpServers as Record<string, unknown>) : {};
  const kept = Object.fromEntries(Object.entries(current).filter(([name]) => name !== entryName && !managed.some((m) => m.toLowerCase() === name.toLowerCase())));
  const entry = { command: launch.command, args: launch.args, ...(launch.env && Object.keys(launch.env).length ? { env: launch.env } : {}) };
  return { ...existing, mcpServers: { ...kept, [entryName]: entry } };
}

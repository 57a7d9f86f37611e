import { launchLine, type CallToolResult, type ImportPlan, type ImportResult, type JournalEntry, type ServerSummary, type StderrLine, type ToolInfo } from '../../../shared/contract';

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)}… ` : text.padEnd(width + 1);
}

export function uptime(startedAt: string | null, now = Date.now()): string {
  if (!startedAt) return '-';
  const seconds = Math.max(0, Math.round((now - new Date(startedAt).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}

export function launchOf(server: ServerSummary): string {
  return launchLine(server.transport);
}

export function serverTable(servers: ServerSummary[]): string {
  if (servers.length === 0) return 'No MCP servers yet. Add one with `echelon mcp add NAME -- COMMAND [ARGS...]` or `echelon mcp import FILE`.\n';
  const header = `${pad('NAME', 20)}${pad('STATUS', 10)}${pad('PID', 8)}${pad('UPTIME', 8)}${pad('TOOLS', 6)}${pad('RESTARTS', 9)}LAUNCH`;
  const rows = servers.map((server) => {
    const runtime = server.runtime;
    const status = server.enabled ? runtime.status : 'disabled';
    return `${pad(server.name, 20)}${pad(status, 10)}${pad(String(runtime.pid ?? '-'), 8)}${pad(uptime(runtime.startedAt), 8)}${pad(String(runtime.toolCount), 6)}${pad(String(runtime.restarts), 9)}${launchOf(server)}`;
  });
  const errors = servers.filter((server) => server.runtime.lastError).map((server) => `  ${server.name}: ${server.runtime.lastError}`);
  return [header, ...rows, ...(errors.length ? ['', 'Last errors:', ...errors] : []), ''].join('\n');
}

export function toolList(tools: ToolInfo[]): string {
  if (tools.length === 0) return 'This server offers no tools.\n';
  return `${tools.map((tool) => `${tool.enabled ? ' ' : '-'} ${tool.name}${tool.description ? `  ${tool.description.split('\n')[0]}` : ''}`).join('\n')}\n`;
}

/** A result as a person reads it: text as is, other blocks summarised, structured content as JSON. */
export function resultText(result: CallToolResult): string {
  const parts = result.content.map((block) => {
    if (block.type === 'text' && 'text' in block) return String(block.text);
    if ((block.type === 'image' || block.type === 'audio') && 'data' in block) return `[${block.type} ${String(block.mimeType)}, ${Math.round((String(block.data).length * 3) / 4)} bytes]`;
    if (block.type === 'resource_link' && 'uri' in block) return `[resource link ${String(block.uri)}]`;
    if (block.type === 'resource' && 'resource' in block) {
      const resource = block.resource as { uri: string; text?: string };
      return resource.text !== undefined ? `[resource ${resource.uri}]\n${resource.text}` : `[resource ${resource.uri} (binary)]`;
    }
    return `[${block.type}]`;
  });
  if (result.structuredContent) parts.push(JSON.stringify(result.structuredContent, null, 2));
  return `${parts.join('\n')}\n`;
}

export function logLines(lines: StderrLine[]): string {
  return lines.map((line) => `${line.at}  ${line.text}\n`).join('');
}

export function journalTable(entries: JournalEntry[]): string {
  if (entries.length === 0) return 'No calls recorded.\n';
  return `${entries
    .map((entry) => {
      const outcome = entry.status === 'ok' ? (entry.isError ? 'tool error' : 'ok') : entry.status;
      return `#${entry.id}  ${entry.at}  ${pad(entry.caller, 9)}${pad(`${entry.server}/${entry.tool}`, 36)}${pad(outcome, 11)}${entry.durationMs.toFixed(1)} ms${entry.error ? `  ${entry.error.split('\n')[0]}` : ''}`;
    })
    .join('\n')}\n`;
}

export function importPlanText(plan: ImportPlan, applied?: ImportResult): string {
  const lines = [`Format: ${plan.format} (${plan.source})`];
  for (const server of plan.servers) {
    const verb = server.action === 'import' ? (applied ? 'imported' : 'import') : 'skip';
    lines.push(`${verb.padEnd(9)}${server.name}${server.originalName !== server.name ? ` (was ${JSON.stringify(server.originalName)})` : ''}  ${server.launch}`);
    if (server.reason) lines.push(`           because ${server.reason}`);
    for (const secret of server.secretsToVault) lines.push(`           ${secret.field} → vault secret ${secret.secretName}${secret.existsInVault ? ' (already in the vault)' : ''}`);
    for (const missing of server.missingSecrets) lines.push(`           needs vault secret ${missing.secretName}${missing.description ? ` (${missing.description})` : ''}`);
    for (const warning of server.warnings) lines.push(`           warning: ${warning}`);
  }
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  if (applied) lines.push(`${applied.imported.length} imported, ${applied.skipped.length} skipped, ${applied.secretsStored.length} secret${applied.secretsStored.length === 1 ? '' : 's'} stored in the vault.`);
  return `${lines.join('\n')}\n`;
}

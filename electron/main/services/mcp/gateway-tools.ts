import { ErrorCode, McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Disposable } from '../../../../shared/lifecycle/disposable';

// The gateway's tool naming and backend contract, apart from its MCP server (gateway.ts), which
// loads only when a gateway is served.

/** Joins server and tool: `github__create_issue`. Server names never contain `__`, so the first one splits. */
export const TOOL_SEPARATOR = '__';

export function gatewayToolName(server: string, tool: string): string {
  return `${server}${TOOL_SEPARATOR}${tool}`;
}

export function splitGatewayToolName(name: string): { server: string; tool: string } | undefined {
  const at = name.indexOf(TOOL_SEPARATOR);
  if (at <= 0 || at + TOOL_SEPARATOR.length >= name.length) return undefined;
  return { server: name.slice(0, at), tool: name.slice(at + TOOL_SEPARATOR.length) };
}

export interface GatewayCallOptions {
  signal: AbortSignal;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/** What the gateway serves: Echelon's supervised servers in-process, or a running Echelon reached over HTTP. */
export interface GatewayBackend {
  listTools(): Promise<Tool[]>;
  callTool(name: string, args: Record<string, unknown>, options: GatewayCallOptions): Promise<CallToolResult>;
  onToolsChanged(listener: () => void): Disposable;
}

export function unknownTool(name: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `Unknown tool "${name}": the gateway names tools server${TOOL_SEPARATOR}tool; list them with tools/list.`);
}

import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '../../../../shared/contract';
import { toDisposable, type Disposable } from '../../../../shared/lifecycle/disposable';
import { gatewayToolName } from './gateway-tools';
import type { CallOptions } from './server-runtime';

/** A tool that is not an MCP server's own (a workflow exposed as a tool), as its source lists it. */
export interface SourceTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/**
 * Tools Echelon offers itself under a pseudo-server name (`workflows`): listed by the gateway
 * as `workflows__NAME` and called through `McpService.callTool`, so they are journalled and
 * redacted like any server's tools. A real server of the same name takes precedence.
 */
export interface ToolSource {
  readonly server: string;
  listTools(): SourceTool[];
  callTool(tool: string, args: Record<string, unknown>, options: CallOptions): Promise<CallToolResult>;
  onChanged(listener: () => void): Disposable;
}

export class ToolSources {
  private readonly sources = new Map<string, ToolSource>();

  constructor(private readonly changed: () => void) {}

  add(source: ToolSource): Disposable {
    this.sources.set(source.server, source);
    const listening = source.onChanged(this.changed);
    this.changed();
    return toDisposable(() => {
      listening.dispose();
      if (this.sources.get(source.server) === source) this.sources.delete(source.server);
      this.changed();
    });
  }

  get(server: string): ToolSource | undefined {
    return this.sources.get(server);
  }

  /** Whether a source offers this tool now. */
  offers(server: string, tool: string): boolean {
    return this.sources.get(server)?.listTools().some((candidate) => candidate.name === tool) ?? false;
  }

  /** Every source's tools as the gateway lists them, except sources shadowed by a real server. */
  gatewayTools(shadowed: (server: string) => boolean): Tool[] {
    return [...this.sources.values()]
      .filter((source) => !shadowed(source.server))
      .flatMap((source) =>
        source.listTools().map((tool) => ({
          name: gatewayToolName(source.server, tool.name),
          description: `[${source.server}] ${tool.description}`.trim(),
          inputSchema: { type: 'object', ...tool.inputSchema } as Tool['inputSchema'],
          annotations: tool.annotations as Tool['annotations'],
        })),
      );
  }
}

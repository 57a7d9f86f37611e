import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { version } from '../../../../package.json';
import { toDisposable } from '../../../../shared/lifecycle/disposable';
import type { GatewayBackend } from './gateway-tools';

const CALL_TIMEOUT_MS = 65_000;

/**
 * The gateway of a running Echelon, reached over its streamable HTTP endpoint: lets
 * `echelon mcp gateway` on stdio serve the servers that Echelon already runs, with every call
 * journaled there, instead of starting copies of them.
 */
export async function connectGatewayBridge(url: string, token: string, onLost: () => void): Promise<{ backend: GatewayBackend; close(): Promise<void> }> {
  const listeners = new Set<() => void>();
  const client = new Client(
    { name: 'echelon-gateway-bridge', version },
    { capabilities: {}, listChanged: { tools: { autoRefresh: false, debounceMs: 0, onChanged: () => listeners.forEach((listener) => listener()) } } },
  );
  let closing = false;
  client.onclose = () => {
    if (!closing) onLost();
  };
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  const backend: GatewayBackend = {
    async listTools() {
      const tools: Tool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools({ cursor });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    },
    async callTool(name, args, options) {
      return (await client.callTool({ name, arguments: args }, undefined, {
        signal: options.signal,
        onprogress: options.onprogress,
        timeout: CALL_TIMEOUT_MS,
        resetTimeoutOnProgress: true,
      })) as CallToolResult;
    },
    onToolsChanged(listener) {
      listeners.add(listener);
      return toDisposable(() => void listeners.delete(listener));
    },
  };
  return {
    backend,
    async close() {
      closing = true;
      await client.close();
    },
  };
}

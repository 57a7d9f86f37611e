import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { version } from '../../../../package.json';
import { DEFAULT_MAX_DEPTH, valueDepth } from '../../../../shared/limits/json-depth';
import type { GatewayBackend } from './gateway-tools';

/**
 * One MCP server session of the gateway (the SDK's `Server`), exposing the backend's tools.
 * Progress from the downstream server is forwarded to the gateway's client; the client's
 * cancellation reaches the downstream call through the request's AbortSignal.
 */
export function createGatewayServer(backend: GatewayBackend): { server: Server; dispose(): void } {
  const server = new Server(
    { name: 'echelon-gateway', version },
    {
      capabilities: { tools: { listChanged: true } },
      instructions: 'Echelon gateway: the tools of every MCP server Echelon runs, named server__tool.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await backend.listTools() }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const progressToken = request.params._meta?.progressToken;
    // Sent before the result, or the client would drop progress arriving after its answer.
    const forwarded: Promise<void>[] = [];
    const onprogress =
      progressToken === undefined
        ? undefined
        : (progress: { progress: number; total?: number; message?: string }) =>
            void forwarded.push(extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...progress } }).catch(() => {}));
    try {
      const result = await backend.callTool(request.params.name, request.params.arguments ?? {}, { signal: extra.signal, onprogress });
      await Promise.all(forwarded);
      return result;
    } catch (error) {
      if (error instanceof McpError) throw error;
      // Tool failures go back as results, so the model reads why and can adjust.
      return { isError: true, content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }] };
    }
  });
  let connected = false;
  server.oninitialized = () => (connected = true);
  const listening = backend.onToolsChanged(() => {
    if (connected) void server.sendToolListChanged().catch(() => {});
  });
  return { server, dispose: () => void listening.dispose() };
}

/**
 * Connects a gateway session to its transport, refusing any message nested deeper than
 * `maxDepth` before a handler or schema walks it: a request gets a JSON-RPC error, anything
 * else is dropped.
 */
export async function connectGateway(server: Server, transport: Transport, maxDepth = DEFAULT_MAX_DEPTH): Promise<void> {
  await server.connect(transport);
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (valueDepth(message, maxDepth) <= maxDepth) return deliver?.(message, extra);
    if ('id' in message && 'method' in message) {
      void transport
        .send({ jsonrpc: '2.0', id: message.id, error: { code: ErrorCode.InvalidRequest, message: `The request is nested more than ${maxDepth} levels deep.` } })
        .catch(() => {});
    }
  };
}

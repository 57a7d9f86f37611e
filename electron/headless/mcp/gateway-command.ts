import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { connectGatewayBridge } from '../../main/services/mcp/gateway-bridge';
import { createGatewayServer, type GatewayBackend } from '../../main/services/mcp/gateway';
import type { CliContext } from '../cli-context';
import { readDiscovery } from '../serve/discovery';

function untilClosed(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/**
 * `echelon mcp gateway`: Echelon as one MCP server on stdio, for Claude Desktop or Cursor. With
 * `echelon serve` running it relays to serve's gateway; otherwise it starts every enabled server
 * itself and stops them when its client goes away. Stdout carries only the protocol.
 */
export async function runStdioGateway(ctx: CliContext): Promise<void> {
  const discovery = readDiscovery(ctx.dataDir);
  let backend: GatewayBackend;
  let shutdown: () => Promise<void>;
  let lost: () => void = () => {};
  const lostConnection = new Promise<void>((resolve) => (lost = resolve));

  const bridge = discovery?.gateway
    ? await connectGatewayBridge(discovery.gateway, () => {
        ctx.io.err('echelon: lost the connection to `echelon serve`; the gateway stops.\n');
        lost();
      }).catch(() => undefined)
    : undefined;
  if (bridge) {
    backend = bridge.backend;
    shutdown = () => bridge.close();
  } else {
    const host = ctx.openHost();
    await host.mcp.startAll('enabled');
    backend = host.mcp.gatewayBackend;
    shutdown = () => host.dispose();
  }

  const gateway = createGatewayServer(backend);
  const transport = new StdioServerTransport();
  await gateway.server.connect(transport);
  await Promise.race([untilClosed(), lostConnection]);
  gateway.dispose();
  await gateway.server.close().catch(() => {});
  await shutdown();
}

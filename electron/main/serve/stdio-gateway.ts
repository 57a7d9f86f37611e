import net from 'node:net';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Host } from '../services/host';
import { connectGatewayBridge } from '../services/mcp/gateway-bridge';
import { connectGateway, createGatewayServer } from '../services/mcp/gateway';
import type { GatewayBackend } from '../services/mcp/gateway-tools';
import { readDiscovery } from './discovery';

/** What the stdio gateway needs from its shell: the CLI's context, or the desktop app's `--mcp-stdio` mode. */
export interface StdioGatewayContext {
  readonly dataDir: string;
  readonly io: { err(text: string): void };
  /** A host of its own, opened only when no running Echelon serves the data dir. */
  openHost(): Host | Promise<Host>;
}

function untilClosed(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

function connectSocket(socketPath: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

/**
 * Joins this process's stdio to the running Echelon's gateway socket, byte for byte: the MCP
 * session is then between the AI client and that gateway, with no second protocol hop here.
 */
function pipeThrough(socket: net.Socket, ctx: StdioGatewayContext): Promise<void> {
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
  return new Promise((resolve) => {
    socket.once('close', () => {
      if (!process.stdin.readableEnded) ctx.io.err('echelon: lost the connection to the running Echelon; the gateway stops.\n');
      resolve();
    });
    process.once('SIGINT', () => socket.end());
    process.once('SIGTERM', () => socket.end());
  });
}

/**
 * `echelon mcp gateway`, and the desktop app's `--mcp-stdio`: Echelon as one MCP server on
 * stdio, for Claude Desktop or Cursor. With the desktop app or `echelon serve` running it passes
 * the session to their gateway (over its local socket, else over HTTP); otherwise it starts every
 * enabled server itself and stops them when its client goes away. Stdout carries only the protocol.
 */
export async function runStdioGateway(ctx: StdioGatewayContext): Promise<void> {
  const discovery = readDiscovery(ctx.dataDir);
  const socket = discovery?.gateway?.socket ? await connectSocket(discovery.gateway.socket) : undefined;
  if (socket) return pipeThrough(socket, ctx);
  let backend: GatewayBackend;
  let shutdown: () => Promise<void>;
  let lost: () => void = () => {};
  const lostConnection = new Promise<void>((resolve) => (lost = resolve));

  const bridge = discovery?.gateway
    ? await connectGatewayBridge(discovery.gateway.url, discovery.gateway.token, () => {
        ctx.io.err('echelon: lost the connection to the running Echelon; the gateway stops.\n');
        lost();
      }).catch(() => undefined)
    : undefined;
  if (bridge) {
    backend = bridge.backend;
    shutdown = () => bridge.close();
  } else {
    const host = await ctx.openHost();
    await host.mcp.startAll('enabled');
    backend = host.mcp.gatewayBackend;
    shutdown = () => host.dispose();
  }

  const gateway = createGatewayServer(backend);
  const transport = new StdioServerTransport();
  await connectGateway(gateway.server, transport);
  await Promise.race([untilClosed(), lostConnection]);
  gateway.dispose();
  await gateway.server.close().catch(() => {});
  await shutdown();
}

import type { Host } from '../../main/services/host';
import type { RunningGateway } from '../../main/services/mcp/gateway-http';
import { gatewaySocketPath } from '../../main/services/mcp/gateway-socket';
import { removeDiscovery, writeDiscovery } from './discovery';
import { startServer, type RunningServer } from './http-server';

export interface PublishOptions {
  port: number;
  gatewayPort: number;
  rendererDir: string;
  token?: string;
}

export interface PublishedHost {
  server: RunningServer;
  gateway: RunningGateway;
  close(): Promise<void>;
}

function portInUse(error: unknown, what: string, port: number, option: string): Error {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error as Error;
  return new Error(`${what} ${port} is already in use: pass ${option} 0 to pick a free one.`, { cause: error });
}

/**
 * Makes a running host reachable from the other Echelon processes of this machine: the UI and
 * its API, and the MCP gateway, on 127.0.0.1 behind tokens, plus the discovery file through
 * which the CLI and `echelon mcp gateway` (an AI client's one entry) use this host's servers
 * instead of starting copies of them. `echelon serve` and the desktop app both publish.
 */
export async function publishHost(host: Host, options: PublishOptions): Promise<PublishedHost> {
  const server = await startServer({ host, port: options.port, rendererDir: options.rendererDir, token: options.token }).catch((error: unknown) => {
    throw portInUse(error, 'Port', options.port, '--port');
  });
  let gateway: RunningGateway;
  let socket: string | undefined;
  try {
    gateway = await host.mcp.listenGateway(options.gatewayPort);
    const socketPath = gatewaySocketPath(host.info.dataDir);
    if (socketPath) socket = (await host.mcp.listenGatewaySocket(socketPath)).path;
  } catch (error) {
    await server.close();
    throw portInUse(error, 'Gateway port', options.gatewayPort, '--gateway-port');
  }
  writeDiscovery(host.info.dataDir, {
    pid: process.pid,
    port: server.port,
    token: server.token,
    startedAt: host.info.startedAt,
    gateway: { url: gateway.url, token: gateway.token, socket },
  });
  return {
    server,
    gateway,
    async close() {
      removeDiscovery(host.info.dataDir);
      await server.close();
    },
  };
}

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { connectGateway, createGatewayServer } from './gateway';
import type { GatewayBackend } from './gateway-tools';
import { SocketTransport } from './socket-transport';

const GATEWAY_SOCKET_FILE = 'gateway.sock';
/** Unix socket paths are capped near 104 bytes (macOS) and 108 (Linux). */
const MAX_SOCKET_PATH = 100;

export interface RunningGatewaySocket {
  path: string;
  close(): Promise<void>;
}

/**
 * Where the gateway's local socket goes, or undefined where there is none: on Windows (a named
 * pipe's default ACL is wider than its owner) and when the data dir's path is too long. The
 * HTTP gateway serves those cases.
 */
export function gatewaySocketPath(dataDir: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const file = path.join(dataDir, GATEWAY_SOCKET_FILE);
  return Buffer.byteLength(file) <= MAX_SOCKET_PATH ? file : undefined;
}

/**
 * The gateway on a Unix socket beside the database, readable and writable by its owner only:
 * one SDK server per connection, like the HTTP gateway's sessions.
 */
export async function startGatewaySocket(options: { backend: GatewayBackend; path: string }): Promise<RunningGatewaySocket> {
  // A socket file outlives an Echelon that was killed; listening needs the name free.
  fs.rmSync(options.path, { force: true });
  const connections = new Set<SocketTransport>();
  const server = net.createServer((socket) => {
    const gateway = createGatewayServer(options.backend);
    const transport = new SocketTransport(socket);
    connections.add(transport);
    transport.onclose = () => {
      connections.delete(transport);
      gateway.dispose();
    };
    connectGateway(gateway.server, transport).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(options.path, 0o600);
  return {
    path: options.path,
    async close() {
      await Promise.all([...connections].map((transport) => transport.close()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(options.path, { force: true });
    },
  };
}

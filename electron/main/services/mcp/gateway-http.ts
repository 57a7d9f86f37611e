import { randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { readJsonBody } from '../http-body/read-json-body';
import { connectGateway, createGatewayServer } from './gateway';
import type { GatewayBackend } from './gateway-tools';

export const GATEWAY_PATH = '/mcp';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface RunningGateway {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/**
 * The gateway over streamable HTTP on 127.0.0.1, one SDK transport and server per session.
 * Like `echelon serve`, it checks the Host (against DNS rebinding), refuses browser origins
 * other than loopback, and requires the bearer token.
 */
export async function startGatewayHttp(options: { backend: GatewayBackend; port: number; token?: string }): Promise<RunningGateway> {
  const token = options.token ?? randomUUID().replaceAll('-', '');
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; dispose(): void }>();
  let port = options.port;

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    if (!allowedHosts.has(request.headers.host ?? '')) return refuse(response, 403, 'Unexpected Host header.');
    const origin = request.headers.origin;
    if (origin !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin)) return refuse(response, 403, 'Requests from another origin are refused.');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== GATEWAY_PATH) return refuse(response, 404, `The gateway answers on ${GATEWAY_PATH}.`);
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!given || !sameSecret(given, token)) return refuse(response, 401, 'Missing or wrong bearer token for the Echelon gateway.');

    const sessionId = request.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (request.method === 'POST') {
      let body: unknown;
      try {
        body = await readJsonBody(request, { maxBytes: MAX_BODY_BYTES });
      } catch (error) {
        return refuse(response, 400, `Invalid request: ${(error as Error).message}.`);
      }
      if (existing) return existing.transport.handleRequest(request, response, body);
      if (sessionId !== undefined) return refuse(response, 404, 'Unknown or expired session: initialize again.');
      if (!isInitializeRequest(body)) return refuse(response, 400, 'No session: the first request must be initialize.');
      const gateway = createGatewayServer(options.backend);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { transport, dispose: gateway.dispose }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        gateway.dispose();
      };
      await connectGateway(gateway.server, transport);
      return transport.handleRequest(request, response, body);
    }
    if (!existing) return refuse(response, sessionId === undefined ? 400 : 404, 'Unknown or missing session.');
    return existing.transport.handleRequest(request, response);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, `Gateway error: ${(error as Error).message}`);
    });
  });
  port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}${GATEWAY_PATH}`,
    port,
    token,
    async close() {
      await Promise.all([...sessions.values()].map((session) => session.transport.close().catch(() => {})));
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

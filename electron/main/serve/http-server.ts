import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Host } from '../../main/services/host';
import { WS_PATH } from '../../../shared/rpc/ws-protocol';
import { checkAccess, tokenCookie } from './access-guard';
import { restApi } from './rest-api';
import { METRICS_PATH, serveMetrics } from './metrics-route';
import { securityHeaders } from './security-headers';
import { readStaticFile } from '../../main/services/renderer-assets/static-files';
import { WsBridge } from './ws-bridge';

export interface ServeOptions {
  host: Host;
  rendererDir: string;
  port: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the UI and its API are never reachable from the network.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** `echelon serve`: the built renderer and the WebSocket bridge on 127.0.0.1, behind a token. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const bridge = new WsBridge(options.host.router, options.host.bus, (session) => void options.host.team.closeView(session).catch(() => {}));
  const api = restApi(options.host, token);
  let port = options.port;

  const server = http.createServer((request, response) => {
    const headers = securityHeaders(port);
    // Prometheus may scrape with a token of its own: /metrics does its own access check.
    if (request.url?.split('?')[0] === METRICS_PATH) {
      void serveMetrics(request, response, { telemetry: options.host.telemetry, port, serveToken: token, headers });
      return;
    }
    const verdict = checkAccess(request, port, token);
    const requested = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    // The API checks its bearer token itself (and answers in JSON); Host and Origin are checked here for both.
    if (api.handles(requested) && (verdict.allowed || verdict.status === 401)) {
      void api.handle(request, response, requested, headers);
      return;
    }
    if (!verdict.allowed) {
      response.writeHead(verdict.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}: ${verdict.reason}.\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (verdict.tokenFromQuery) {
      // Trade the token in the address bar for an HttpOnly cookie, then drop it from the URL.
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...headers,
        'Set-Cookie': `${tokenCookie(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      response.end();
      return;
    }
    const file = readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found.\n');
      return;
    }
    const cache = file.contentType.startsWith('text/html') ? 'no-store' : 'private, max-age=31536000, immutable';
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Cache-Control': cache });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  });

  server.on('upgrade', (request, socket, head) => {
    const verdict = checkAccess(request, port, token);
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (!verdict.allowed || pathname !== WS_PATH) {
      const status = verdict.allowed ? '404 Not Found' : verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    bridge.upgrade(request, socket, head);
  });

  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      await bridge.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

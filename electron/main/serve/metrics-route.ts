import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TelemetryService } from '../../main/services/telemetry/telemetry-service';
import { checkAccess } from './access-guard';

export const METRICS_PATH = '/metrics';

function tokenOf(request: http.IncomingMessage): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  return bearer ?? new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? undefined;
}

/**
 * `/metrics` in the Prometheus text format. The same guard as the rest of serve (loopback Host,
 * no foreign Origin), and either serve's token or a scrape token: Prometheus sends it as
 * `Authorization: Bearer …` (`authorization.credentials` in its scrape config).
 */
export async function serveMetrics(request: http.IncomingMessage, response: http.ServerResponse, options: { telemetry: TelemetryService; port: number; serveToken: string; headers?: Record<string, string> }): Promise<void> {
  const headers = options.headers ?? {};
  const verdict = checkAccess(request, options.port, options.serveToken);
  const token = tokenOf(request);
  const allowed = verdict.allowed || (verdict.status === 401 && token !== undefined && options.telemetry.isScrapeToken(token));
  if (!allowed) {
    const status = verdict.allowed ? 401 : verdict.status;
    response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...(status === 401 ? { 'WWW-Authenticate': 'Bearer realm="echelon-metrics"' } : {}) });
    response.end(status === 401 ? 'Unauthorized: send the serve token or a scrape token as "Authorization: Bearer <token>".\n' : `Forbidden: ${verdict.allowed ? '' : verdict.reason}.\n`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
    response.end();
    return;
  }
  try {
    const body = await options.telemetry.metrics.text();
    response.writeHead(200, { ...headers, 'Content-Type': options.telemetry.metrics.contentType, 'Cache-Control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    response.writeHead(500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`Collecting metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/**
 * A listener that serves only `/metrics` on 127.0.0.1, for processes without the UI (workers):
 * it takes scrape tokens only.
 */
export async function startMetricsServer(telemetry: TelemetryService, port: number): Promise<{ port: number; close(): Promise<void> }> {
  // No serve token here: a random one nobody knows, so only scrape tokens open it.
  const serveToken = randomBytes(24).toString('base64url');
  let bound = port;
  const server = http.createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== METRICS_PATH) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`Not found: this listener serves ${METRICS_PATH} only.\n`);
      return;
    }
    void serveMetrics(request, response, { telemetry, port: bound, serveToken });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

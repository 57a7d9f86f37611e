import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

type Behaviour = (request: CountedRequest, count: number) => { status: number; body: unknown; headers?: Record<string, string> } | 'hold';

/**
 * A real HTTP server on loopback that counts what it receives (and the Idempotency-Key each
 * request carries), answers per path, and can hold a request open to simulate a slow call.
 */
export class CountingServer {
  readonly requests: CountedRequest[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly held: http.ServerResponse[] = [];
  private server!: http.Server;
  port = 0;

  static async start(): Promise<CountingServer> {
    const counting = new CountingServer();
    counting.server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => counting.handle(request, response, body));
    });
    await new Promise<void>((resolve) => counting.server.listen(0, '127.0.0.1', resolve));
    counting.port = (counting.server.address() as AddressInfo).port;
    return counting;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  count(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  keys(path: string): Array<string | undefined> {
    return this.requests.filter((request) => request.path === path).map((request) => request.idempotencyKey);
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse, body: string): void {
    const url = new URL(request.url ?? '/', 'http://x');
    const path = url.pathname;
    const counted: CountedRequest = {
      method: request.method ?? 'GET',
      path,
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
      at: Date.now(),
    };
    this.requests.push(counted);
    const behaviour = this.behaviours.get(path);
    const answer = behaviour ? behaviour(counted, this.count(path)) : { status: 200, body: { path, count: this.count(path) } };
    if (answer === 'hold') {
      this.held.push(response);
      return;
    }
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(JSON.stringify(answer.body));
  }

  async stop(): Promise<void> {
    for (const response of this.held.splice(0)) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

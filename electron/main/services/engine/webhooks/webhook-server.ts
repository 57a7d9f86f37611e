import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MAX_DEPTH, DepthError, parseBoundedJson } from '../../../../../shared/limits/json-depth';
import type { JsonValue } from '../../../../../shared/workflow/document';
import type { WebhookReply } from '../node-api';
import { readSubmission, renderCompletion, renderForm, type FormPage, type SubmittedEntries } from './form-page';

export interface WebhookRoute {
  workflowId: string;
  workflowName: string;
  nodeId: string;
  method: string;
  /** Segments; `:name` captures. */
  segments: string[];
  path: string;
  /** How the trigger answers, read once when routes are built (not per request). */
  respond: 'immediately' | 'lastNode' | 'respondNode';
  responseCode: number;
  responseData: 'firstEntryJson' | 'allEntries' | 'noData';
  /** Credential headers the workflow checks itself, kept in its payload (all others are dropped). */
  keepHeaders: readonly string[];
  /** A form trigger's page: served on GET and submitted on POST under `/form/` instead of `/webhook/`. */
  form?: FormPage;
}

export interface WebhookRequest {
  route: WebhookRoute;
  payload: JsonValue;
}

export interface WebhookLimits {
  /** Largest body accepted; bigger requests get 413. */
  maxBodyBytes: number;
  /** Deepest JSON body accepted; deeper ones get 400. */
  maxDepth: number;
}

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = { maxBodyBytes: 16 * 1024 * 1024, maxDepth: DEFAULT_MAX_DEPTH };

const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);
/**
 * Credentials a browser or client attaches by habit (the serve token's cookie is sent to every
 * 127.0.0.1 port): never stored in an execution nor echoed back, unless the trigger keeps them.
 */
const CREDENTIAL_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization']);

/**
 * The local webhook listener (127.0.0.1 only, its own port): `/webhook/<path>` starts the
 * workflow whose webhook trigger has that method and path, and answers as the trigger says.
 */
export class WebhookServer {
  private server: http.Server | undefined;
  private routes = new Map<string, WebhookRoute[]>();
  port = 0;

  constructor(
    private readonly handle: (request: WebhookRequest) => Promise<WebhookReply>,
    private readonly limits: WebhookLimits = DEFAULT_WEBHOOK_LIMITS,
  ) {}

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  get baseUrl(): string | undefined {
    return this.listening ? `http://127.0.0.1:${this.port}/webhook/` : undefined;
  }

  setRoutes(routes: WebhookRoute[]): void {
    const next = new Map<string, WebhookRoute[]>();
    for (const route of routes) {
      const list = next.get(route.method) ?? [];
      list.push(route);
      next.set(route.method, list);
    }
    // Literal paths before ones with parameters, so `/orders/new` wins over `/orders/:id`.
    for (const list of next.values()) list.sort((a, b) => a.segments.filter((s) => s.startsWith(':')).length - b.segments.filter((s) => s.startsWith(':')).length);
    this.routes = next;
  }

  /** `host` is 127.0.0.1 unless a headless worker behind a proxy is told otherwise (`--webhook-host`). */
  async start(port: number, host = '127.0.0.1'): Promise<void> {
    const server = http.createServer((request, response) => void this.serve(request, response));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private match(method: string, path: string, form = false): { route: WebhookRoute; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const route of this.routes.get(method) ?? []) {
      if (route.segments.length !== parts.length || !!route.form !== form) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const segment = route.segments[i]!;
        if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(parts[i]!);
        else ok = segment === parts[i];
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.headersSent) return;
      const text = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      const type = headers['content-type'] ?? (Buffer.isBuffer(body) ? 'application/octet-stream' : typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8');
      response.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(text) });
      response.end(request.method === 'HEAD' ? undefined : text);
    };
    try {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/form/')) return await this.serveForm(request, url, send);
      if (!url.pathname.startsWith('/webhook/')) return send(404, { message: 'Webhooks are served under /webhook/<path>, forms under /form/<path>.' });
      const method = (request.method ?? 'GET').toUpperCase();
      const found = this.match(method, url.pathname.slice('/webhook/'.length));
      if (!found) return send(404, { message: `No workflow listens on ${method} ${url.pathname}.` });
      const body = await readBody(request, this.limits.maxBodyBytes);
      if (body === undefined) return send(413, { message: `The request body is larger than ${this.limits.maxBodyBytes} bytes.` });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (HOP_HEADERS.has(name) || value === undefined) continue;
        if (CREDENTIAL_HEADERS.has(name) && !found.route.keepHeaders.includes(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      let parsed: JsonValue;
      try {
        parsed = parseBody(body, request.headers['content-type'], this.limits.maxDepth);
      } catch (error) {
        if (error instanceof DepthError) return send(400, { message: error.message });
        throw error;
      }
      const payload: JsonValue = {
        headers,
        params: found.params,
        query: Object.fromEntries(url.searchParams),
        body: parsed,
        webhookUrl: `http://127.0.0.1:${this.port}${url.pathname}`,
      };
      const reply = await this.handle({ route: found.route, payload });
      send(reply.status, reply.body, reply.headers);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      send(status, { message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** A form trigger: GET shows the form, POST checks the answers and starts the run. */
  private async serveForm(request: http.IncomingMessage, url: URL, send: (status: number, body: unknown, headers?: Record<string, string>) => void): Promise<void> {
    const html = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" };
    const method = (request.method ?? 'GET').toUpperCase();
    const found = this.match('POST', url.pathname.slice('/form/'.length), true);
    if (!found?.route.form) return send(404, { message: `No workflow has a form at ${url.pathname}.` });
    const form = found.route.form;
    if (method === 'GET' || method === 'HEAD') return send(200, renderForm(form, url.searchParams), html);
    if (method !== 'POST') return send(405, { message: 'A form takes GET and POST.' }, { allow: 'GET, POST' });
    const body = await readBody(request, this.limits.maxBodyBytes);
    if (body === undefined) return send(413, { message: `The request body is larger than ${this.limits.maxBodyBytes} bytes.` });
    const type = request.headers['content-type'] ?? '';
    let entries: SubmittedEntries;
    try {
      entries = type.includes('multipart/form-data') ? await new Response(body, { headers: { 'content-type': type } }).formData() : new URLSearchParams(body.toString('utf8'));
    } catch {
      return send(400, renderForm(form, url.searchParams, 'The form could not be read: send it again.'), html);
    }
    const answers = await readSubmission(form, entries);
    if ('error' in answers) return send(400, renderForm(form, url.searchParams, answers.error), html);
    const payload = { fields: answers.fields, submittedAt: new Date().toISOString(), ...(answers.files.length > 0 ? { files: answers.files as unknown as JsonValue } : {}) };
    const reply = await this.handle({ route: found.route, payload });
    if (found.route.respond === 'immediately' && reply.status < 400) return send(200, renderCompletion(form), html);
    send(reply.status, reply.body, reply.headers);
  }

  async dispose(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function readBody(request: http.IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseBody(body: Buffer, type: string | undefined, maxDepth: number): JsonValue {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (type?.includes('application/json')) {
    try {
      return parseBoundedJson(text, maxDepth, 'The JSON body') as JsonValue;
    } catch (error) {
      if (error instanceof DepthError) throw error;
      return text;
    }
  }
  if (type?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

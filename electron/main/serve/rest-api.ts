import type http from 'node:http';
import { version } from '../../../package.json';
import type { ApiError, ErrorCode } from '../../../shared/contract';
import type { Host } from '../../main/services/host';
import { readJsonBody } from '../services/http-body/read-json-body';
import { sameSecret } from './access-guard';
import { API_BASE, openApiDocument } from './openapi';
import { ROUTES, type Route } from './rest-routes';

const MAX_BODY_BYTES = 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unavailable: 503,
  timeout: 504,
  cancelled: 409,
  internal: 500,
};

function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

const fail = (code: ErrorCode, message: string): { status: number; body: { error: ApiError } } => ({ status: STATUS[code], body: { error: { code, message } } });

function match(route: Route, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const want = route.path.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(got[i]!);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

/**
 * `/api/v1` of `echelon serve`: the agents API of the original brief as plain JSON over HTTP,
 * each route a contract method through the same router (and validation) the UI uses. Only a
 * bearer token opens it (not the UI's cookie), so another web page cannot drive it.
 */
export function restApi(host: Host, token: string) {
  // Generated on first request: converting every schema costs serve's startup a few hundred ms of CPU.
  let document: Record<string, unknown> | undefined;
  const health = () => {
    const agents = host.agents.list();
    const counts = agents.reduce((sum, agent) => ({ pending: sum.pending + agent.queue.pending + agent.queue.scheduled, processing: sum.processing + agent.queue.processing, awaitingApproval: sum.awaitingApproval + agent.queue.awaitingApproval }), { pending: 0, processing: 0, awaitingApproval: 0 });
    return { status: 'ok' as const, version, uptimeSeconds: Math.round((Date.now() - Date.parse(host.info.startedAt)) / 1000), agents: { total: agents.length, running: agents.filter((agent) => agent.status === 'running').length }, tasks: counts };
  };

  async function answer(request: http.IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !sameSecret(bearer, token)) return { status: 401, body: { error: { code: 'forbidden', message: 'Send the token as a bearer: `Authorization: Bearer <token>` (the one `echelon serve` printed).' } } };
    const path = url.pathname.slice(API_BASE.length) || '/';
    if (path === '/openapi.json' && request.method === 'GET') return { status: 200, body: (document ??= openApiDocument(version)) };
    const methods = new Set<string>();
    for (const route of ROUTES) {
      const params = match(route, request.method ?? 'GET', path);
      if (!params) {
        if (match({ ...route, method: request.method as Route['method'] }, request.method ?? 'GET', path)) methods.add(route.method);
        continue;
      }
      if (route.call === 'health') return { status: 200, body: health() };
      let body: unknown;
      if (route.body) {
        if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return fail('invalid_input', 'Send the body as JSON, with `Content-Type: application/json`.');
        try {
          body = await readJsonBody(request, { maxBytes: MAX_BODY_BYTES, empty: {} });
        } catch (error) {
          return fail('invalid_input', `Invalid request: ${(error as Error).message}.`);
        }
        const correlation = request.headers['x-correlation-id'];
        if (typeof correlation === 'string' && body && typeof body === 'object' && !('correlationId' in body)) body = { ...body, correlationId: correlation };
      }
      const result = await host.router.call(route.call, route.input!({ params, query: url.searchParams, body }), { caller: 'api' });
      if (!result.ok) return { status: STATUS[result.error.code], body: { error: result.error } };
      return { status: route.status ?? 200, body: result.data };
    }
    if (methods.size > 0) return { status: 405, body: { error: { code: 'invalid_input', message: `${path} answers ${[...methods].join(', ')}.` } } };
    return fail('not_found', `No API route ${request.method} ${API_BASE}${path}: see ${API_BASE}/openapi.json.`);
  }

  return {
    handles: (url: URL) => url.pathname === API_BASE || url.pathname.startsWith(`${API_BASE}/`),
    async handle(request: http.IncomingMessage, response: http.ServerResponse, url: URL, headers: Record<string, string>): Promise<void> {
      try {
        const { status, body } = await answer(request, url);
        const correlation = request.headers['x-correlation-id'];
        send(response, status, body, typeof correlation === 'string' ? { ...headers, 'X-Correlation-Id': correlation.slice(0, 128) } : headers);
      } catch (error) {
        host.logger.error('api', 'A REST request failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        send(response, 500, fail('internal', 'The request failed inside Echelon; the log has the details.').body, headers);
      }
    },
  };
}

import type { NodeContext } from '../node-api';

/** n8n's `this.helpers.httpRequest` options (the ones Code steps use). */
interface HelperRequest {
  url?: string;
  uri?: string;
  method?: string;
  headers?: Record<string, string>;
  qs?: Record<string, unknown>;
  body?: unknown;
  json?: boolean;
  returnFullResponse?: boolean;
  resolveWithFullResponse?: boolean;
  ignoreHttpStatusErrors?: boolean;
  simple?: boolean;
  timeout?: number;
}

/**
 * `this.helpers.httpRequest` / `request` from a Code step, through the engine's HTTP client
 * (its redirect, CA and redaction rules apply). JSON answers are parsed as n8n parses them.
 */
export async function codeHttpRequest(ctx: NodeContext, options: HelperRequest): Promise<unknown> {
  const target = options.url ?? options.uri;
  if (typeof target !== 'string' || target === '') throw new Error('httpRequest needs a url: this.helpers.httpRequest({ url: "https://..." })');
  const url = new URL(target);
  for (const [key, value] of Object.entries(options.qs ?? {})) if (value !== undefined) url.searchParams.append(key, String(value));
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.headers ?? {})) headers[key.toLowerCase()] = String(value);
  let body: string | undefined;
  if (options.body !== undefined && options.body !== null) {
    if (typeof options.body === 'string') body = options.body;
    else {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const response = await ctx.services.http.request({
    method: (options.method ?? 'GET').toUpperCase(),
    url: url.href,
    headers,
    body,
    idempotencyKey: ctx.idempotencyKey,
    signal: ctx.signal,
    ...(options.timeout ? { timeoutMs: options.timeout } : {}),
  });
  const text = Buffer.from(response.body).toString('utf8');
  const isJson = options.json === true || /json/i.test(response.headers['content-type'] ?? '');
  let parsed: unknown = text;
  if (isJson && text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const failed = response.status >= 400 && options.ignoreHttpStatusErrors !== true && options.simple !== false;
  if (failed) throw new Error(`Request failed with status code ${response.status}`);
  if (options.returnFullResponse || options.resolveWithFullResponse) return { body: parsed, headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
  return parsed;
}

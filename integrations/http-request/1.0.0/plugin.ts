import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { main, NodeError, type Item, type JsonObject, type NodeContext, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { HttpParameters } from './manifest';

type Parameters = z.infer<typeof HttpParameters>;

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** A parameter written with `secrets.NAME`: what it produces carries a credential, however the expression transformed it. */
const USES_SECRETS = /\bsecrets\s*[.[]/;

/** The headers whose parameter reads a secret, by their (lower-case) names. */
function headersFromSecrets(ctx: NodeContext, params: Parameters): string[] {
  const raw = ctx.node.parameters.headers;
  const usesSecrets = (value: unknown) => USES_SECRETS.test(JSON.stringify(value ?? null));
  if (!Array.isArray(raw)) return usesSecrets(raw) ? params.headers.map((pair) => pair.name.toLowerCase()) : [];
  return params.headers.filter((_, index) => usesSecrets(raw[index])).map((pair) => pair.name.toLowerCase());
}

/** The item's file of a binary property, or a clear error naming it. */
function itemFile(ctx: NodeContext, index: number, property: string): { data: Buffer; mimeType: string; fileName?: string } {
  const ref = ctx.input[index]?.binary?.[property];
  if (!ref) throw new NodeError(`The item has no binary property "${property}" to send: name the property holding the file.`, 'binary_missing', true);
  return { data: ctx.services.readBinary(ref), mimeType: ref.mimeType, fileName: ref.fileName };
}

/** multipart/form-data (RFC 7578): text fields and files, each in its own part. */
function multipart(ctx: NodeContext, index: number, params: Parameters): { body: Buffer; contentType: string } {
  const boundary = `----echelon${randomBytes(12).toString('hex')}`;
  const quote = (value: string) => value.replace(/["\r\n]/g, (char) => encodeURIComponent(char));
  const parts: Buffer[] = [];
  for (const field of params.multipartBody) {
    if (field.binaryProperty) {
      const file = itemFile(ctx, index, field.binaryProperty);
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(field.name)}"; filename="${quote(file.fileName ?? field.name)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`), file.data, Buffer.from('\r\n'));
    } else parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(field.name)}"\r\n\r\n${text(field.value)}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function buildRequest(ctx: NodeContext, params: Parameters, index: number): { url: string; headers: Record<string, string>; body?: string | Uint8Array; credentialHeaders: string[] } {
  let url: URL;
  try {
    url = new URL(params.url);
  } catch {
    throw new NodeError(`"${params.url}" is not a valid URL (include http:// or https://).`, 'invalid_url', true);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NodeError(`Only http and https URLs can be called, not ${url.protocol}`, 'invalid_url', true);
  for (const pair of params.query) url.searchParams.append(pair.name, text(pair.value));
  const headers: Record<string, string> = {};
  for (const pair of params.headers) headers[pair.name.toLowerCase()] = text(pair.value);
  const credentialHeaders = headersFromSecrets(ctx, params);
  switch (params.authentication) {
    case 'bearer':
      headers.authorization = `Bearer ${ctx.credential('auth')}`;
      credentialHeaders.push('authorization');
      break;
    case 'basic':
      headers.authorization = `Basic ${Buffer.from(`${ctx.credential('auth', 'username')}:${ctx.credential('auth', 'password')}`).toString('base64')}`;
      credentialHeaders.push('authorization');
      break;
    case 'header':
      headers[params.headerName.toLowerCase()] = ctx.credential('auth');
      credentialHeaders.push(params.headerName.toLowerCase());
      break;
  }
  let body: string | Uint8Array | undefined;
  if (params.bodyType === 'multipart') {
    const form = multipart(ctx, index, params);
    body = form.body;
    headers['content-type'] = form.contentType;
  } else if (params.bodyType === 'binary') {
    const file = itemFile(ctx, index, params.binaryProperty);
    body = file.data;
    headers['content-type'] ??= file.mimeType;
  } else if (params.bodyType === 'json') {
    body = typeof params.jsonBody === 'string' ? params.jsonBody : JSON.stringify(params.jsonBody ?? {});
    headers['content-type'] ??= 'application/json';
  } else if (params.bodyType === 'form') {
    body = new URLSearchParams(params.formBody.map((pair): [string, string] => [pair.name, text(pair.value)])).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (params.bodyType === 'text') {
    body = params.textBody ?? '';
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  return { url: url.toString(), headers, body, credentialHeaders };
}

function isRetriable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export const nodes: NodePlugin['nodes'] = {
  send: {
    async run(ctx) {
      const out: Item[] = [];
      const count = Math.max(1, ctx.input.length);
      const continueOnFail = ctx.node.onError === 'continue' || ctx.node.onError === 'route';
      for (let i = 0; i < count; i++) {
        try {
          await sendOne(ctx, i, count, out);
        } catch (error) {
          // With several items, one failed call need not sink the others (n8n's continue-on-fail).
          if (!continueOnFail || count === 1 || ctx.signal.aborted) throw error;
          out.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: i } });
        }
      }
      return main(out);
    },
  },
};

async function sendOne(ctx: NodeContext, i: number, count: number, out: Item[]): Promise<void> {
  const params = ctx.params<Parameters>(i);
  const request = buildRequest(ctx, params, i);
  const key = count > 1 ? `${ctx.idempotencyKey}:${i}` : ctx.idempotencyKey;
  // The time limit is the transport's, not a cancellation: a timeout is reported as one, and retried.
  const response = await ctx.services.http.request({
    method: params.method,
    url: request.url,
    headers: request.headers,
    body: request.body,
    idempotencyKey: key,
    signal: ctx.signal,
    timeoutMs: params.timeoutMs,
    credentialHeaders: request.credentialHeaders,
    ca: params.caCertificate || undefined,
  });
  const contentType = response.headers['content-type'] ?? '';
  const format = params.responseFormat === 'auto' ? (/json/i.test(contentType) ? 'json' : /^(text\/|application\/(xml|javascript))/i.test(contentType) || contentType === '' ? 'text' : 'binary') : params.responseFormat;
  let body: unknown;
  let binary: Item['binary'];
  if (format === 'binary') {
    const ref = ctx.services.saveBinary(response.body, contentType || 'application/octet-stream');
    binary = { data: ref };
    body = { mimeType: ref.mimeType, fileSize: ref.fileSize };
  } else {
    const raw = Buffer.from(response.body).toString('utf8');
    if (format === 'json' && raw.trim() !== '') {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        throw new NodeError(`The answer of ${request.url} is not valid JSON (set the response format to text).`, 'invalid_response', true);
      }
    } else body = raw;
  }
  if (response.status >= 400 && !params.ignoreHttpErrors) {
    const detail = typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300);
    const status = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
    throw new NodeError(`${status} from ${params.method} ${request.url}${detail ? `: ${detail}` : ''}`, `http_${response.status}`, !isRetriable(response.status));
  }
  if (params.fullResponse) {
    out.push({ json: { body: body as JsonObject[string], headers: response.headers, statusCode: response.status, statusMessage: response.statusText }, binary, pairedItem: { item: i } });
  } else if (Array.isArray(body) && params.splitArrays) {
    for (const element of body) out.push({ json: element !== null && typeof element === 'object' && !Array.isArray(element) ? (element as JsonObject) : { data: element as JsonObject[string] }, pairedItem: { item: i } });
  } else if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    out.push({ json: body as JsonObject, binary, pairedItem: { item: i } });
  } else {
    out.push({ json: { data: (body ?? '') as JsonObject[string] }, binary, pairedItem: { item: i } });
  }
}

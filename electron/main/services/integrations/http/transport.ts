import { Agent, fetch, type Dispatcher } from 'undici';
import { EchelonError } from '../../../../../shared/contract';
import type { HttpResponse, ParsedHttpRequest } from '../../../../../shared/integrations/http';
import { encodeBody } from './request-body';
import { decodeBody } from './response-body';

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Never carried to another origin by a redirect, whatever the auth method added. */
const ALWAYS_SENSITIVE = ['authorization', 'proxy-authorization', 'cookie'];

export interface WireRequest {
  method: ParsedHttpRequest['method'];
  url: URL;
  headers: Record<string, string>;
  body: ParsedHttpRequest['body'];
  timeoutMs: number;
  responseType: ParsedHttpRequest['responseType'];
  maxResponseBytes?: number;
  /** A connection's own TLS settings (client certificate, extra CA); else the shared keep-alive pool. */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Headers holding a credential (an API key header): dropped when a redirect leaves the origin. */
  sensitiveHeaders?: readonly string[];
}

export type WireResponse = Omit<HttpResponse, 'fromCache' | 'attempts'>;

/** What went wrong on the network, in words a person can act on. */
function describeNetworkError(error: unknown, url: URL, timeoutMs: number, signal?: AbortSignal): EchelonError {
  if (signal?.aborted) return new EchelonError('cancelled', `The request to ${url.host} was cancelled.`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const name = (error as Error).name;
  if (name === 'TimeoutError' || cause?.code === 'UND_ERR_CONNECT_TIMEOUT' || cause?.code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new EchelonError('timeout', `${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
  const code = cause?.code ?? '';
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused (is the server running?)',
    ENOTFOUND: 'the host name does not resolve',
    ECONNRESET: 'the server closed the connection',
    EAI_AGAIN: 'the host name could not be resolved right now',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed and not trusted (add its CA to the connection)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted (add its CA to the connection)',
    SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is not trusted (add its CA to the connection)',
    ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
  };
  const reason = reasons[code] ?? (cause?.message || (error as Error).message || 'unknown network error');
  return new EchelonError('unavailable', `Could not reach ${url.host}: ${reason}.`, { cause: error });
}

/** Sends one request over HTTP(S) with undici and reads the whole answer. */
export class Transport {
  private readonly pool = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

  async send(request: WireRequest): Promise<WireResponse> {
    const encoded = encodeBody(request.body);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key.toLowerCase(), value]));
    if (encoded.contentType && !headers['content-type']) headers['content-type'] = encoded.contentType;
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = performance.now();
    try {
      let url = request.url;
      let method: string = request.method;
      let body = method === 'GET' || method === 'HEAD' ? undefined : encoded.body;
      let response = await fetch(url, { method, headers, body, dispatcher: request.dispatcher ?? this.pool, signal, redirect: 'manual' });
      // Redirects are followed here rather than by fetch, so credentials never follow one to another origin.
      for (let hop = 0; REDIRECTS.has(response.status) && response.headers.has('location') && hop < MAX_REDIRECTS; hop++) {
        const next = new URL(response.headers.get('location')!, url);
        await response.body?.cancel();
        if (next.origin !== url.origin) {
          for (const name of [...ALWAYS_SENSITIVE, ...(request.sensitiveHeaders ?? [])]) delete headers[name.toLowerCase()];
        }
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = next;
        response = await fetch(url, { method, headers, body, dispatcher: request.dispatcher ?? this.pool, signal, redirect: 'manual' });
      }
      const contentType = response.headers.get('content-type') ?? '';
      const decoded = await decodeBody(response.body as ReadableStream<Uint8Array> | null, contentType, url.href, request.responseType, request.maxResponseBytes);
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        ...decoded,
        url: url.href,
        durationMs: performance.now() - started,
      };
    } catch (error) {
      if (error instanceof EchelonError) throw error;
      throw describeNetworkError(error, request.url, request.timeoutMs, request.signal);
    }
  }

  async dispose(): Promise<void> {
    await this.pool.close();
  }
}

import type { Agent, Dispatcher, Response } from 'undici';
import { EchelonError } from '../../../../../shared/contract';
import type { HttpResponse, ParsedHttpRequest } from '../../../../../shared/integrations/http';
import { ALWAYS_SENSITIVE } from './credential-headers';
import { encodeBody } from './request-body';
import { loadUndici } from './undici';
import { decodeBody } from './response-body';

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

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
  /** The same trust without the client certificate, once a redirect leaves the origin. */
  anonymousDispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Headers holding a credential (an API key header): dropped when a redirect leaves the origin. */
  sensitiveHeaders?: readonly string[];
  /** Whether the body holds a credential: such a body is never resent to another origin. */
  bodyHoldsCredential?: () => boolean;
  /** What the person does when the server's certificate is not trusted ("add its CA to the connection"). */
  trustAdvice?: string;
}

export type WireResponse = Omit<HttpResponse, 'fromCache' | 'attempts'>;

/** "3 s", "0.3 s", "1.5 s". */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 && ms % 1000 !== 0 ? 1 : 0))} s`;
}

/** What went wrong on the network, in words a person can act on. */
function describeNetworkError(error: unknown, request: WireRequest, url: URL, timedOut: boolean): EchelonError {
  const { timeoutMs, signal } = request;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // The request's own time limit, or a caller's signal that gave up for lack of time: a timeout, which may be retried.
  const callerTimedOut = signal?.aborted && (signal.reason as Error | undefined)?.name === 'TimeoutError';
  if (timedOut || callerTimedOut || cause?.code === 'UND_ERR_CONNECT_TIMEOUT' || cause?.code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new EchelonError('timeout', `${url.host} did not answer within ${formatSeconds(timeoutMs)}.`);
  }
  if (signal?.aborted) return new EchelonError('cancelled', `The request to ${url.host} was cancelled.`);
  const code = cause?.code ?? '';
  const trust = request.trustAdvice ?? 'add its CA to the connection';
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused (is the server running?)',
    ENOTFOUND: 'the host name does not resolve',
    ECONNRESET: 'the server closed the connection',
    EAI_AGAIN: 'the host name could not be resolved right now',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: `its TLS certificate is self-signed and not trusted (${trust})`,
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: `its TLS certificate is not trusted (${trust})`,
    SELF_SIGNED_CERT_IN_CHAIN: `its TLS certificate chain is not trusted (${trust})`,
    ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host name',
  };
  const reason = reasons[code] ?? (cause?.message || (error as Error).message || 'unknown network error');
  return new EchelonError('unavailable', `Could not reach ${url.host}: ${reason}.`, { cause: error });
}

function isRedirect(response: Response): boolean {
  return REDIRECTS.has(response.status) && response.headers.has('location');
}

/** Sends one request over HTTP(S) with undici and reads the whole answer. */
export class Transport {
  private pool: Agent | undefined;

  async send(request: WireRequest): Promise<WireResponse> {
    const { Agent, fetch } = await loadUndici();
    this.pool ??= new Agent({ keepAliveTimeout: 10_000, connections: 64 });
    const encoded = encodeBody(request.body);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key.toLowerCase(), value]));
    if (encoded.contentType && !headers['content-type']) headers['content-type'] = encoded.contentType;
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = performance.now();
    let url = request.url;
    try {
      let method: string = request.method;
      let body = method === 'GET' || method === 'HEAD' ? undefined : encoded.body;
      let dispatcher = request.dispatcher ?? this.pool;
      let response = await fetch(url, { method, headers, body, dispatcher, signal, redirect: 'manual' });
      // Redirects are followed here rather than by fetch, so credentials never follow one to another origin.
      for (let hop = 0; isRedirect(response); hop++) {
        const next = new URL(response.headers.get('location')!, url);
        await response.body?.cancel();
        if (hop === MAX_REDIRECTS) {
          throw new EchelonError('invalid_input', `Too many redirects: ${request.url.host} redirected more than ${MAX_REDIRECTS} times (last to ${next.href}). Call the final URL directly, or fix the redirect loop.`);
        }
        const keepsMethod = !(response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST'));
        if (next.origin !== request.url.origin) {
          for (const name of [...ALWAYS_SENSITIVE, ...(request.sensitiveHeaders ?? [])]) delete headers[name.toLowerCase()];
          dispatcher = request.anonymousDispatcher ?? this.pool;
          if (keepsMethod && body !== undefined && request.bodyHoldsCredential?.()) {
            throw new EchelonError(
              'forbidden',
              `${url.host} redirected the ${method} to ${next.origin}, another origin; the request body holds a credential, so it is not sent there. Call ${next.origin} directly if it is meant to receive it.`,
            );
          }
        }
        if (!keepsMethod) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = next;
        response = await fetch(url, { method, headers, body, dispatcher, signal, redirect: 'manual' });
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
      throw describeNetworkError(error, request, url, timeout.aborted);
    }
  }

  async dispose(): Promise<void> {
    await this.pool?.close();
  }
}

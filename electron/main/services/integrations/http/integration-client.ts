import { EchelonError, validationError, type Connection } from '../../../../../shared/contract';
import { HttpRequest, type HttpResponse, type ParsedHttpRequest } from '../../../../../shared/integrations/http';
import type { PluginManifest } from '../../../../../shared/integrations/manifest';
import type { AuthApplier } from '../auth/auth-applier';
import type { ConnectionEventSink } from '../connections/connection-events';
import { abortableDelay } from '../limits/abortable-delay';
import { isCacheable, ResponseCache } from '../limits/response-cache';
import { retryAfterMs } from '../limits/retry-after';
import { TokenBucket, type RateLimit } from '../limits/token-bucket';
import { DEFAULT_TIMEOUT_MS, type Transport, type WireResponse } from './transport';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`, so a retried call is applied once by APIs that support it. */
  idempotencyKey?: string;
  /** Health checks and tests use a connection whatever its status. */
  ignoreStatus?: boolean;
}

export interface IntegrationClientOptions {
  /** Retries after a 429 (or a 503 with Retry-After) before the response is returned as is. */
  maxRetries?: number;
  /** A server asking to wait longer than this gets its 429 returned instead. */
  maxRetryWaitMs?: number;
}

export interface ConnectionLookup {
  connection(id: string): Connection;
  manifest(connection: Connection): PluginManifest | undefined;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Joins a relative URL to the connection's base URL, and adds the query parameters. */
function resolveUrl(request: ParsedHttpRequest, connection: Connection | undefined): URL {
  let url: URL;
  const baseUrl = typeof connection?.config.baseUrl === 'string' ? connection.config.baseUrl : undefined;
  try {
    if (/^https?:\/\//i.test(request.url)) url = new URL(request.url);
    else if (baseUrl) url = new URL(request.url.replace(/^\/+/, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    else throw new Error('relative');
  } catch {
    const hint = baseUrl || !connection ? 'Use an absolute http(s) URL.' : 'Set the base URL of the connection, or use an absolute URL.';
    throw new EchelonError('invalid_input', `"${request.url}" is not a usable URL. ${hint}`, { path: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EchelonError('invalid_input', `Only http and https URLs can be called, not ${url.protocol}`, { path: 'url' });
  for (const [key, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

/**
 * The one way services, workflows and plugin code call an API: the connection's auth applied,
 * its token bucket respected, a 429's Retry-After honoured (the whole connection waits), and
 * idempotent GETs served from the cache while fresh.
 */
export class IntegrationClient {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;

  constructor(
    private readonly lookup: ConnectionLookup,
    private readonly auth: AuthApplier,
    private readonly transport: Transport,
    readonly cache: ResponseCache,
    private readonly events: ConnectionEventSink,
    options: IntegrationClientOptions = {},
  ) {
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
  }

  async request(connectionId: string | undefined, input: HttpRequest, options: RequestOptions = {}): Promise<HttpResponse> {
    const parsed = HttpRequest.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error, 'HTTP request');
    const request = parsed.data;
    const connection = connectionId === undefined ? undefined : this.lookup.connection(connectionId);
    if (connection?.status === 'disconnected' && !options.ignoreStatus) {
      throw new EchelonError('unavailable', `Connection "${connection.name}" is disconnected: test it to reconnect.`);
    }
    const manifest = connection ? this.lookup.manifest(connection) : undefined;
    const url = resolveUrl(request, connection);
    const headers = lowerCaseKeys(request.headers);
    if (options.idempotencyKey && !headers['idempotency-key']) headers['idempotency-key'] = options.idempotencyKey;

    const ttlMs = request.cacheTtlMs ?? (connection ? connection.settings.cacheTtlSeconds * 1000 : 0);
    const cacheKey = ttlMs > 0 && (request.method === 'GET' || request.method === 'HEAD') ? ResponseCache.key(connection?.id, request.method, url.href, headers) : undefined;
    if (cacheKey) {
      const hit = this.cache.get(cacheKey);
      if (hit) return { ...hit, fromCache: true, durationMs: 0, attempts: 0 };
    }

    const bucket = connection ? this.bucket(connection, manifest) : undefined;
    const authMethod = manifest?.auth.find((method) => method.type === connection?.auth.type);
    let rejected: string | undefined;
    let renewedAfter401 = false;
    for (let attempt = 1; ; attempt++) {
      await bucket?.acquire(options.signal);
      const applied = connection ? await this.auth.apply(connection, authMethod, url, headers, rejected) : { url, headers };
      const response: WireResponse = await this.transport.send({
        method: request.method,
        url: applied.url,
        headers: applied.headers,
        body: request.body,
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        responseType: request.responseType,
        maxResponseBytes: request.maxResponseBytes,
        dispatcher: 'dispatcher' in applied ? applied.dispatcher : undefined,
        sensitiveHeaders: 'sensitiveHeaders' in applied ? applied.sensitiveHeaders : undefined,
        signal: options.signal,
      });
      // An OAuth 2.0 access token the API refuses is renewed once, then the 401 stands.
      if (response.status === 401 && connection?.auth.type === 'oauth2' && !renewedAfter401 && 'bearer' in applied && applied.bearer) {
        renewedAfter401 = true;
        rejected = applied.bearer;
        continue;
      }
      const wait = this.retryDelay(response, request.method, options.idempotencyKey, attempt);
      if (wait !== undefined) {
        if (connection) {
          bucket!.pauseFor(wait);
          this.events.record(connection.id, 'warn', 'rate_limit', `${url.host} answered HTTP ${response.status}; waiting ${(wait / 1000).toFixed(1)} s before retrying (attempt ${attempt + 1} of ${this.maxRetries + 1}).`);
        } else {
          await abortableDelay(wait, options.signal);
        }
        continue;
      }
      const result: HttpResponse = { ...response, fromCache: false, attempts: attempt };
      if (cacheKey && isCacheable(result)) this.cache.set(cacheKey, result, ttlMs);
      return result;
    }
  }

  /** How long to wait before retrying a refused request, or undefined to return the response as is. */
  private retryDelay(response: WireResponse, method: string, idempotencyKey: string | undefined, attempt: number): number | undefined {
    if (attempt > this.maxRetries) return undefined;
    const asked = retryAfterMs(response.headers);
    // A 429 was not processed, so any method may be retried; a 503 only when repeating it is harmless.
    const retryable = response.status === 429 || (response.status === 503 && asked !== undefined && (IDEMPOTENT.has(method) || idempotencyKey !== undefined));
    if (!retryable) return undefined;
    const wait = asked ?? Math.min(30_000, 1000 * 2 ** (attempt - 1));
    return wait > this.maxRetryWaitMs ? undefined : wait;
  }

  private bucket(connection: Connection, manifest: PluginManifest | undefined): TokenBucket {
    const limit: RateLimit | undefined = connection.settings.rateLimit ?? manifest?.rateLimit;
    let bucket = this.buckets.get(connection.id);
    if (!bucket) {
      bucket = new TokenBucket(limit);
      this.buckets.set(connection.id, bucket);
    } else {
      bucket.setLimit(limit);
    }
    return bucket;
  }

  /** Forgets a connection's bucket, cached responses and derived credentials. */
  forget(connectionId: string): void {
    this.buckets.delete(connectionId);
    this.cache.forget(connectionId);
    this.auth.forget(connectionId);
  }
}

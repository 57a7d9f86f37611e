import { EchelonError, validationError, type Connection } from '../../../../../shared/contract';
import { HttpRequest, type HttpResponse, type ParsedHttpRequest } from '../../../../../shared/integrations/http';
import type { PluginManifest } from '../../../../../shared/integrations/manifest';
import type { AppliedAuth, AuthApplier } from '../auth/auth-applier';
import { MIN_REDACTED_LENGTH } from '../../redaction/redactor';
import type { ConnectionEventSink } from '../connections/connection-events';
import { abortableDelay } from '../limits/abortable-delay';
import { isCacheable, ResponseCache } from '../limits/response-cache';
import { retryAfterMs } from '../limits/retry-after';
import { TokenBucket, type RateLimit } from '../limits/token-bucket';
import { credentialHeaders } from './credential-headers';
import { pageCredentials } from './page-origin';
import { checkCaCertificate, type TlsAgents, type TlsSettings } from './tls-agents';
import { DEFAULT_TIMEOUT_MS, type Transport, type WireRequest, type WireResponse } from './transport';
import { loadUndici } from './undici';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Sent as `Idempotency-Key`, so a retried call is applied once by APIs that support it. */
  idempotencyKey?: string;
  /** Health checks and tests use a connection whatever its status. */
  ignoreStatus?: boolean;
  /** What to tell a person whose server's certificate is not trusted, when the call has no connection. */
  trustAdvice?: string;
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

export interface IntegrationClientDeps {
  lookup: ConnectionLookup;
  auth: AuthApplier;
  transport: Transport;
  cache: ResponseCache;
  tls: TlsAgents;
  events: ConnectionEventSink;
  /** Whether a text holds a secret value (the redactor knows every one in use). */
  holdsSecret: (text: string) => boolean;
  /** Has a credential redacted from every log and output from now on. */
  registerSecret: (label: string, value: string) => void;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Joins a relative URL to the connection's base URL, and adds the query parameters. */
function resolveUrl(request: ParsedHttpRequest, connection: Connection | undefined, path = 'url'): URL {
  let url: URL;
  const baseUrl = typeof connection?.config.baseUrl === 'string' ? connection.config.baseUrl : undefined;
  try {
    if (/^https?:\/\//i.test(request.url)) url = new URL(request.url);
    else if (baseUrl) url = new URL(request.url.replace(/^\/+/, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    else throw new Error('relative');
  } catch {
    const hint = baseUrl || !connection ? 'Use an absolute http(s) URL.' : 'Set the base URL of the connection, or use an absolute URL.';
    throw new EchelonError('invalid_input', `"${request.url}" is not a usable URL. ${hint}`, { path });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EchelonError('invalid_input', `Only http and https URLs can be called, not ${url.protocol}`, { path });
  for (const [key, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  return url;
}

/** A call once its URL, credentials and cache key are settled. */
interface PreparedCall {
  request: ParsedHttpRequest;
  connection: Connection | undefined;
  manifest: PluginManifest | undefined;
  /** Applies the connection's auth for an attempt (renewing the token a 401 refused as `rejected`). */
  authorize: (rejected?: string) => Promise<AppliedAuth>;
  /** The headers the caller put a credential in, as they go out. */
  credentialHeaders: string[];
  cacheKey: string | undefined;
  ttlMs: number;
}

/** A request body as text, to look for secrets in it. */
function bodyText(body: ParsedHttpRequest['body']): string {
  switch (body?.type) {
    case undefined:
      return '';
    case 'json':
      return JSON.stringify(body.value ?? null);
    case 'form':
      return new URLSearchParams(Object.entries(body.value).map(([key, value]): [string, string] => [key, String(value)])).toString();
    case 'multipart':
      return body.parts.map((part) => ('value' in part ? part.value : part.base64)).join('\n');
    case 'text':
      return body.value;
    case 'bytes':
      return Buffer.from(body.value).toString('utf8');
  }
}

/**
 * The one way services, workflows and plugin code call an API: the connection's auth applied,
 * its token bucket respected, a 429's Retry-After honoured (the whole connection waits), and
 * idempotent GETs served from the cache while fresh, to the same caller only. A credential,
 * whoever put it on the request, never leaves its origin.
 */
export class IntegrationClient {
  private readonly buckets = new Map<string, TokenBucket>();
  /** Credentials callers built into headers, by value → the label they are redacted under. */
  private readonly built = new Map<string, string>();
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  readonly cache: ResponseCache;

  constructor(
    private readonly deps: IntegrationClientDeps,
    options: IntegrationClientOptions = {},
  ) {
    this.cache = deps.cache;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
  }

  async request(connectionId: string | undefined, input: HttpRequest, options: RequestOptions = {}): Promise<HttpResponse> {
    // The TLS pools below are undici's, built synchronously.
    await loadUndici();
    const call = this.prepare(connectionId, input, options);
    const hit = call.cacheKey ? this.cache.get(call.cacheKey) : undefined;
    if (hit) return { ...hit, fromCache: true, durationMs: 0, attempts: 0 };
    return this.send(call, options);
  }

  /**
   * Everything decided before the first byte goes out: the URL, which headers carry a
   * credential, whether credentials may go to this origin at all (a next page elsewhere), and
   * the cache key of this very caller, reached without reading a secret.
   */
  private prepare(connectionId: string | undefined, input: HttpRequest, options: RequestOptions): PreparedCall {
    const parsed = HttpRequest.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error, 'HTTP request');
    const request = parsed.data;
    const connection = connectionId === undefined ? undefined : this.deps.lookup.connection(connectionId);
    if (connection?.status === 'disconnected' && !options.ignoreStatus) {
      throw new EchelonError('unavailable', `Connection "${connection.name}" is disconnected: test it to reconnect.`);
    }
    if (request.ca) checkCaCertificate(request.ca, 'ca');
    const manifest = connection ? this.deps.lookup.manifest(connection) : undefined;
    const url = resolveUrl(request, connection);
    const headers = lowerCaseKeys(request.headers);
    if (options.idempotencyKey && !headers['idempotency-key']) headers['idempotency-key'] = options.idempotencyKey;
    this.registerBuilt(headers, request.credentialHeaders);
    const carried = credentialHeaders(headers, request.credentialHeaders, this.deps.holdsSecret);
    const authenticated = connection !== undefined && connection.auth.type !== 'none';
    const firstPage = request.pageOf === undefined ? undefined : resolveUrl({ ...request, url: request.pageOf, query: {} }, connection, 'pageOf');
    const withCredentials = pageCredentials(firstPage, url, carried.length > 0 || authenticated, connection) === 'send';
    if (!withCredentials) for (const name of carried) delete headers[name];
    const connectionIdentity = connection && withCredentials ? this.deps.auth.identity(connection) : undefined;
    if (connection && connectionIdentity) this.cache.useIdentity(connection.id, connectionIdentity);

    const ttlMs = request.cacheTtlMs ?? (connection ? connection.settings.cacheTtlSeconds * 1000 : 0);
    const cacheable = ttlMs > 0 && (request.method === 'GET' || request.method === 'HEAD');
    const credentialsSent = withCredentials ? carried : [];
    const cacheKey = cacheable
      ? ResponseCache.key({ connectionId: connection?.id, connectionIdentity, method: request.method, url: url.href, headers, credentialHeaders: credentialsSent, ca: request.ca })
      : undefined;
    const authMethod = manifest?.auth.find((method) => method.type === connection?.auth.type);
    const authorize = async (rejected?: string): Promise<AppliedAuth> => {
      if (!connection) return { url, headers, sensitiveHeaders: [] };
      if (!withCredentials) return { url, headers, tls: this.deps.auth.trust(connection), sensitiveHeaders: [] };
      return this.deps.auth.apply(connection, authMethod, url, headers, rejected);
    };
    return { request, connection, manifest, authorize, credentialHeaders: credentialsSent, cacheKey, ttlMs };
  }

  /** Sends a prepared call, waiting its turn in the connection's bucket, retrying what the server asks to retry. */
  private async send(call: PreparedCall, options: RequestOptions): Promise<HttpResponse> {
    const { request, connection } = call;
    const bucket = connection ? this.bucket(connection, call.manifest) : undefined;
    const trustAdvice = connection ? 'add its CA to the connection' : (options.trustAdvice ?? 'add its CA to a connection and call through it');
    let rejected: string | undefined;
    let renewedAfter401 = false;
    for (let attempt = 1; ; attempt++) {
      await bucket?.acquire(options.signal);
      const applied = await call.authorize(rejected);
      const response: WireResponse = await this.deps.transport.send({
        method: request.method,
        url: applied.url,
        headers: applied.headers,
        body: request.body,
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        responseType: request.responseType,
        maxResponseBytes: request.maxResponseBytes,
        ...this.dispatchers(connection, applied.tls, request.ca),
        sensitiveHeaders: [...call.credentialHeaders, ...applied.sensitiveHeaders],
        bodyHoldsCredential: () => this.deps.holdsSecret(bodyText(request.body)),
        trustAdvice,
        signal: options.signal,
      });
      // An OAuth 2.0 access token the API refuses is renewed once, then the 401 stands.
      if (response.status === 401 && connection?.auth.type === 'oauth2' && !renewedAfter401 && applied.bearer) {
        renewedAfter401 = true;
        rejected = applied.bearer;
        continue;
      }
      const wait = this.retryDelay(response, request.method, options.idempotencyKey, attempt);
      if (wait !== undefined) {
        if (connection) {
          bucket!.pauseFor(wait);
          this.deps.events.record(connection.id, 'warn', 'rate_limit', `${applied.url.host} answered HTTP ${response.status}; waiting ${(wait / 1000).toFixed(1)} s before retrying (attempt ${attempt + 1} of ${this.maxRetries + 1}).`);
        } else {
          await abortableDelay(wait, options.signal);
        }
        continue;
      }
      const result: HttpResponse = { ...response, fromCache: false, attempts: attempt };
      if (call.cacheKey && isCacheable(result)) this.cache.set(call.cacheKey, result, call.ttlMs);
      return result;
    }
  }

  /**
   * A credential header the caller built (`Basic` and base64 of a login) is registered whole
   * unless the redactor already finds a secret in it: a short password is not found inside
   * base64, so its header would otherwise reach a log or an echoed response as is.
   */
  private registerBuilt(headers: Record<string, string>, declared: readonly string[]): void {
    for (const name of declared) {
      const token = headers[name.toLowerCase()]?.replace(/^[A-Za-z]+ +/, '');
      if (!token || token.length < MIN_REDACTED_LENGTH || this.built.has(token) || this.deps.holdsSecret(token)) continue;
      const label = `${name.toLowerCase()} header ${this.built.size + 1}`;
      this.built.set(token, label);
      this.deps.registerSecret(label, token);
    }
  }

  /** The pools that carry a call: with the connection's client certificate and CAs, and the same trust without the certificate for another origin. */
  private dispatchers(connection: Connection | undefined, tls: TlsSettings | undefined, requestCa: string | undefined): Pick<WireRequest, 'dispatcher' | 'anonymousDispatcher'> {
    const cas = [...(tls?.cas ?? []), ...(requestCa ? [requestCa] : [])];
    if (!tls?.clientCertificate && cas.length === 0) return {};
    if (!connection) {
      const dispatcher = this.deps.tls.forRequest(cas);
      return { dispatcher, anonymousDispatcher: dispatcher };
    }
    const dispatcher = this.deps.tls.get(connection.id, { clientCertificate: tls?.clientCertificate, cas });
    if (!tls?.clientCertificate) return { dispatcher, anonymousDispatcher: dispatcher };
    return { dispatcher, anonymousDispatcher: cas.length > 0 ? this.deps.tls.get(`${connection.id}:anonymous`, { cas }) : undefined };
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

  /** Forgets a connection's bucket, cached responses, derived credentials and TLS pools. */
  forget(connectionId: string): void {
    this.buckets.delete(connectionId);
    this.cache.forget(connectionId);
    this.deps.auth.forget(connectionId);
    this.deps.tls.forget(connectionId);
    this.deps.tls.forget(`${connectionId}:anonymous`);
  }
}

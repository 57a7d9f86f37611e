import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { HttpResponse } from '../../../../../shared/integrations/http';

const MAX_BYTES = 32 * 1024 * 1024;

/** What a cached answer is filed under: who asked (every credential the request carried), for what. */
export interface CacheIdentity {
  connectionId: string | undefined;
  /** Who the connection speaks as (its auth settings and the versions of their vault records). */
  connectionIdentity: string | undefined;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The headers that carry a credential the caller put on the request; their values are part of the key. */
  credentialHeaders: readonly string[];
  /** A CA the request brought: the same URL reached with another trust is another answer. */
  ca: string | undefined;
}

/**
 * Successful responses to idempotent requests, kept for their TTL, in memory only: a cached
 * body never reaches the disk. Keyed by connection, method, URL, the headers that shape a
 * response (Accept) and every credential the request carried, hashed: an answer given to one
 * caller is never served to another, and no key holds a secret.
 */
export class ResponseCache {
  private readonly entries = new LRUCache<string, HttpResponse>({
    maxSize: MAX_BYTES,
    sizeCalculation: (response) => Math.max(1, response.size ?? JSON.stringify(response.body ?? '').length),
    ttlAutopurge: false,
  });
  /** The digest of each connection's credential when its entries were stored. */
  private readonly credentials = new Map<string, string>();
  private hitCount = 0;
  private missCount = 0;

  static key(identity: CacheIdentity): string {
    const credentials = [...identity.credentialHeaders].sort().map((name) => [name, identity.headers[name] ?? '']);
    const digest = createHash('sha256')
      .update(JSON.stringify([identity.connectionIdentity ?? null, identity.method, identity.url, identity.headers['accept'] ?? '', credentials, identity.ca ?? null]))
      .digest('base64url');
    return `${identity.connectionId ?? '-'} ${digest}`;
  }

  /**
   * Records who a connection speaks as now; when that differs from what its entries were
   * stored under (its secret changed in the vault, here or in another process), they go.
   */
  useIdentity(connectionId: string, digest: string): void {
    const previous = this.credentials.get(connectionId);
    if (previous !== undefined && previous !== digest) this.forget(connectionId);
    this.credentials.set(connectionId, digest);
  }

  get(key: string): HttpResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) this.hitCount += 1;
    else this.missCount += 1;
    return entry;
  }

  set(key: string, response: HttpResponse, ttlMs: number): void {
    this.entries.set(key, response, { ttl: ttlMs });
  }

  /** Forgets a connection's entries (its credentials or settings changed). */
  forget(connectionId: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${connectionId} `)) this.entries.delete(key);
    this.credentials.delete(connectionId);
  }

  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
    this.credentials.clear();
  }
}

/** Whether a response may be kept: a success, and the server did not forbid storing it. */
export function isCacheable(response: HttpResponse): boolean {
  const cacheControl = response.headers['cache-control'] ?? '';
  return response.status >= 200 && response.status < 300 && !/\bno-store\b/i.test(cacheControl);
}

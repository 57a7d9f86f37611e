import { LRUCache } from 'lru-cache';
import type { HttpResponse } from '../../../../../shared/integrations/http';

const MAX_BYTES = 32 * 1024 * 1024;

/**
 * Successful responses to idempotent requests, kept for their TTL, in memory only: a cached
 * body never reaches the disk. Keyed by connection, method, URL and the headers that shape a
 * response (Accept), never by credentials.
 */
export class ResponseCache {
  private readonly entries = new LRUCache<string, HttpResponse>({
    maxSize: MAX_BYTES,
    sizeCalculation: (response) => Math.max(1, JSON.stringify(response.body ?? '').length),
    ttlAutopurge: false,
  });
  private hitCount = 0;
  private missCount = 0;

  static key(connectionId: string | undefined, method: string, url: string, headers: Record<string, string>): string {
    return `${connectionId ?? '-'} ${method} ${url} accept=${headers['accept'] ?? ''}`;
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
  }

  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Whether a response may be kept: a success, and the server did not forbid storing it. */
export function isCacheable(response: HttpResponse): boolean {
  const cacheControl = response.headers['cache-control'] ?? '';
  return response.status >= 200 && response.status < 300 && !/\bno-store\b/i.test(cacheControl);
}

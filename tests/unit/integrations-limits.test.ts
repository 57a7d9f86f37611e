import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../electron/main/services/integrations/limits/retry-after';
import { TokenBucket } from '../../electron/main/services/integrations/limits/token-bucket';
import { formatEther } from '../../integrations/ethereum-rpc/1.0.0/plugin';
import { errorDetail } from '../../shared/integrations/http-errors';
import { collectPages, parseLinkHeader, readPath } from '../../shared/integrations/pagination';

describe('token bucket', () => {
  it('serves the burst at once, then one token per 1/rate, in arrival order', async () => {
    const bucket = new TokenBucket({ requestsPerSecond: 20, burst: 3 });
    const started = performance.now();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => bucket.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // Three immediately, three more at 50 ms intervals.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds every waiter during a pause, and lets a cancelled waiter leave without a token', async () => {
    const bucket = new TokenBucket(undefined);
    // Timed from the pause itself: on a loaded machine the steps below may take much of it.
    const paused = performance.now();
    bucket.pauseFor(120);
    expect(bucket.pausedFor()).toBeGreaterThan(100);
    const controller = new AbortController();
    const cancelled = bucket.acquire(controller.signal);
    controller.abort(new Error('the caller gave up'));
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled', message: 'The request was cancelled: the caller gave up' });
    await bucket.acquire();
    expect(performance.now() - paused).toBeGreaterThanOrEqual(115);
  });
});

describe('Retry-After', () => {
  it('reads seconds, HTTP dates and rate-limit reset headers', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(30_000);
    expect(retryAfterMs({ 'ratelimit-reset': '7' }, now)).toBe(7000);
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
  });
});

describe('pagination helpers', () => {
  it('parses RFC 8288 Link headers and JSON paths', () => {
    expect(parseLinkHeader('<https://api.example/x?page=2>; rel="next", <https://api.example/x?page=9>; rel="last"')).toEqual({ next: 'https://api.example/x?page=2', last: 'https://api.example/x?page=9' });
    expect(parseLinkHeader(undefined)).toEqual({});
    expect(readPath({ meta: { cursors: [{ next: 'c2' }] } }, 'meta.cursors.0.next')).toBe('c2');
    expect(readPath({ a: 1 }, 'a.b.c')).toBeUndefined();
  });

  it('stops at the last page or at maxPages, and says whether more remain', async () => {
    const pages = [['a', 'b'], ['c'], ['d']];
    const fetchPage = async (next: string | undefined) => {
      const index = Number(next ?? 0);
      return { items: pages[index]!, next: index + 1 < pages.length ? String(index + 1) : undefined };
    };
    expect(await collectPages(fetchPage, 10)).toEqual({ items: ['a', 'b', 'c', 'd'], pages: 3, more: false });
    expect(await collectPages(fetchPage, 2)).toEqual({ items: ['a', 'b', 'c'], pages: 2, more: true });
  });
});

describe('API error details and ether amounts', () => {
  it('finds the sentence an API put in its error body', () => {
    expect(errorDetail({ message: 'Bad credentials' })).toBe('Bad credentials');
    expect(errorDetail({ error: { message: 'The model does not exist' } })).toBe('The model does not exist');
    expect(errorDetail({ error: 'invalid_grant', error_description: 'grant expired' })).toBe('grant expired');
    expect(errorDetail({ errors: [{ message: 'Field "x" is unknown' }] })).toBe('Field "x" is unknown');
    expect(errorDetail('no_service')).toBe('no_service');
  });

  it('formats wei as ether exactly', () => {
    expect(formatEther(1_500_000_000_000_000_000n)).toBe('1.5');
    expect(formatEther(1n)).toBe('0.000000000000000001');
    expect(formatEther(0n)).toBe('0');
    expect(formatEther(123n * 10n ** 18n)).toBe('123');
  });
});

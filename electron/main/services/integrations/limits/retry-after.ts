/**
 * How long a server asks us to wait: `Retry-After` in seconds or as an HTTP date, else a
 * rate-limit reset time (`X-RateLimit-Reset` / `RateLimit-Reset`, as GitHub and others send).
 * Undefined when the response says nothing.
 */
export function retryAfterMs(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const retryAfter = headers['retry-after']?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers['x-ratelimit-reset'] ?? headers['ratelimit-reset'];
  if (reset && /^\d+$/.test(reset.trim())) {
    const value = Number(reset);
    // Epoch seconds (GitHub) or seconds from now (the IETF draft).
    return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : value * 1000;
  }
  return undefined;
}

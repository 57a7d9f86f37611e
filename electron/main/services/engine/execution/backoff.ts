/**
 * Delay before try `attempt + 1`: exponential from `baseDelayMs`, capped at `maxDelayMs`. With
 * jitter the delay is drawn from its upper half, so retries of many runs spread out while
 * each still waits at least half the nominal time.
 */
export function retryDelay(attempt: number, policy: { baseDelayMs: number; maxDelayMs: number; jitter: boolean }, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return policy.jitter ? Math.round(nominal / 2 + random() * (nominal / 2)) : nominal;
}

import { abortableDelay, cancelled } from './abortable-delay';

export interface RateLimit {
  requestsPerSecond: number;
  burst: number;
}

/**
 * A token bucket: `burst` requests at once, then `requestsPerSecond` on average. Waiters are
 * served in arrival order, and a server's Retry-After pauses the whole bucket, so every request
 * on the connection waits, not only the one that was refused.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private limit: RateLimit | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = limit?.burst ?? 0;
    this.last = now();
  }

  /** Changes the rate without forgetting a pause in force. */
  setLimit(limit: RateLimit | undefined): void {
    if (limit?.requestsPerSecond === this.limit?.requestsPerSecond && limit?.burst === this.limit?.burst) return;
    this.refill();
    // Coming from unlimited, start full; otherwise keep what is left, within the new burst.
    this.tokens = limit ? Math.min(this.limit ? this.tokens : limit.burst, limit.burst) : 0;
    this.limit = limit;
  }

  /** Stops handing out tokens until `ms` from now (a 429's Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Milliseconds until the bucket may serve again because of a pause; 0 when not paused. */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Waits for a token, in turn. */
  acquire(signal?: AbortSignal): Promise<void> {
    // Unlimited, not paused and nobody waiting: nothing to wait for.
    if (!this.limit && !this.waiting && this.pausedFor() === 0) return signal?.aborted ? Promise.reject(cancelled(signal)) : Promise.resolve();
    this.waiting += 1;
    const turn = this.tail.then(() => this.takeOne(signal)).finally(() => (this.waiting -= 1));
    this.tail = turn.catch(() => {});
    if (!signal) return turn;
    // A cancelled caller leaves at once; its place in the queue passes without taking a token.
    return Promise.race([
      turn,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(cancelled(signal));
        else signal.addEventListener('abort', () => reject(cancelled(signal)), { once: true });
      }),
    ]);
  }

  private refill(): void {
    const now = this.now();
    if (this.limit) this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.requestsPerSecond);
    this.last = now;
  }

  private async takeOne(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw cancelled(signal);
      this.refill();
      const pause = this.pausedFor();
      const shortfall = this.limit && this.tokens < 1 ? ((1 - this.tokens) / this.limit.requestsPerSecond) * 1000 : 0;
      const wait = Math.max(pause, shortfall);
      if (wait <= 0) {
        if (this.limit) this.tokens -= 1;
        return;
      }
      await abortableDelay(wait, signal);
    }
  }
}

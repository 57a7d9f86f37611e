/**
 * Background health checks: one timer per monitored connection, each check scheduled when the
 * previous one finished, so a slow API never has two checks in flight. Disposing stops the
 * timers and waits for running checks.
 */
export class HealthMonitor {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly check: (connectionId: string, signal: AbortSignal) => Promise<void>,
    /** The interval of a connection that should be checked, or undefined. */
    private readonly intervalFor: (connectionId: string) => number | undefined,
    /** A check that failed to run at all (not a failing API: that is a sample). */
    private readonly onError: (connectionId: string, error: unknown) => void = () => {},
  ) {}

  /** (Re)plans the next check of a connection, after `delayMs` or its interval. */
  schedule(connectionId: string, delayMs?: number): void {
    this.stop(connectionId);
    if (this.abort.signal.aborted) return;
    const interval = this.intervalFor(connectionId);
    if (interval === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(connectionId);
      const run = this.check(connectionId, this.abort.signal)
        .catch((error: unknown) => this.onError(connectionId, error))
        .finally(() => {
          this.running.delete(run);
          if (!this.timers.has(connectionId)) this.schedule(connectionId);
        });
      this.running.add(run);
    }, delayMs ?? interval);
    // A pending check never keeps a CLI process alive.
    timer.unref();
    this.timers.set(connectionId, timer);
  }

  stop(connectionId: string): void {
    clearTimeout(this.timers.get(connectionId));
    this.timers.delete(connectionId);
  }

  get scheduled(): number {
    return this.timers.size;
  }

  async dispose(): Promise<void> {
    this.abort.abort(new Error('Echelon is shutting down'));
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}

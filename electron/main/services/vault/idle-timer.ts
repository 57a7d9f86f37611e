import type { Disposable } from '../../../../shared/lifecycle/disposable';

/**
 * Calls `onIdle` once nothing has touched it for the configured time. `touch` only stores a
 * timestamp (it runs on every decrypt); the timer re-arms itself for whatever time remains.
 */
export class IdleTimer implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleMs = 0;
  private lastActivity = 0;

  constructor(private readonly onIdle: () => void) {}

  /** Starts (or restarts) counting; 0 minutes stops the timer. */
  start(minutes: number): void {
    this.stop();
    this.idleMs = minutes * 60_000;
    if (this.idleMs === 0) return;
    this.lastActivity = Date.now();
    this.arm(this.idleMs);
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  /** When it will fire if nothing touches it, or undefined when stopped. */
  deadline(): number | undefined {
    return this.timer ? this.lastActivity + this.idleMs : undefined;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const remaining = this.lastActivity + this.idleMs - Date.now();
      if (remaining > 0) return this.arm(remaining);
      this.timer = undefined;
      this.onIdle();
    }, delay);
    // An armed auto-lock must not keep a CLI process alive.
    this.timer.unref?.();
  }

  dispose(): void {
    this.stop();
  }
}

import type { Disposable } from '../../../../../shared/lifecycle/disposable';

interface Kept {
  identity: string;
  value: Promise<unknown>;
  close: (value: unknown) => Promise<void> | void;
  users: number;
  idleTimer?: NodeJS.Timeout;
}

/** How long a resource nobody uses stays open. */
const DEFAULT_IDLE_MS = 60_000;

/**
 * Resources plugins keep per connection across actions (a PostgreSQL pool, an SMTP
 * transport): one per connection and name, replaced when the connection's identity (settings,
 * credentials) changes, closed once idle, and all closed on dispose.
 */
export class ConnectionResources implements Disposable {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly idleMs = DEFAULT_IDLE_MS) {}

  /** The resource, opened if needed; `release` must be called once the caller is done with it. */
  async acquire<T>(connectionId: string, name: string, identity: string, open: () => Promise<T> | T, close: (value: T) => Promise<void> | void): Promise<{ value: T; release: () => void }> {
    const key = `${connectionId}\u0000${name}`;
    let entry = this.kept.get(key);
    if (entry && entry.identity !== identity) {
      this.kept.delete(key);
      void this.closeEntry(entry);
      entry = undefined;
    }
    if (!entry) {
      const value = Promise.resolve().then(open);
      entry = { identity, value, close: close as Kept['close'], users: 0 };
      this.kept.set(key, entry);
      // A resource that failed to open is not kept: the next call tries again.
      value.catch(() => {
        if (this.kept.get(key) === entry) this.kept.delete(key);
      });
    }
    const current = entry;
    if (current.idleTimer) clearTimeout(current.idleTimer);
    current.idleTimer = undefined;
    current.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      current.users--;
      if (current.users === 0 && this.kept.get(key) === current) {
        current.idleTimer = setTimeout(() => {
          if (this.kept.get(key) !== current || current.users > 0) return;
          this.kept.delete(key);
          void this.closeEntry(current);
        }, this.idleMs);
        current.idleTimer.unref();
      }
    };
    try {
      return { value: (await current.value) as T, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Closes what a connection kept (it was deleted or changed). */
  forget(connectionId: string): void {
    for (const [key, entry] of this.kept) {
      if (!key.startsWith(`${connectionId}\u0000`)) continue;
      this.kept.delete(key);
      void this.closeEntry(entry);
    }
  }

  get size(): number {
    return this.kept.size;
  }

  private async closeEntry(entry: Kept): Promise<void> {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    try {
      await entry.close(await entry.value);
    } catch {
      // Opening failed (nothing to close) or closing did: either way it is gone.
    }
  }

  async dispose(): Promise<void> {
    const entries = [...this.kept.values()];
    this.kept.clear();
    await Promise.all(entries.map((entry) => this.closeEntry(entry)));
  }
}

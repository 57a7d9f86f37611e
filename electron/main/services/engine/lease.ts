import type Database from 'better-sqlite3';
import { EchelonError } from '../../../../shared/contract/errors';

/** A lease not renewed for this long is taken over even if its process id is alive (it may have been reused). */
const STALE_MS = 30_000;
const RENEW_MS = 5_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One engine per database: two processes resuming the same interrupted executions would run
 * their steps twice. The engine takes this row at start, renews it, and gives it back on dispose.
 */
export class EngineLease {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly owner: string,
  ) {}

  acquire(): void {
    const now = Date.now();
    this.db.transaction(() => {
      const held = this.db.prepare('SELECT pid, owner, renewed_at AS renewedAt FROM engine_lease WHERE id = 1').get() as { pid: number; owner: string; renewedAt: number } | undefined;
      if (held && held.pid !== process.pid && alive(held.pid) && now - held.renewedAt < STALE_MS) {
        throw new EchelonError(
          'conflict',
          `The workflow engine is already running in another Echelon process (${held.owner}, pid ${held.pid}) on this data dir: use that one, or stop it first.`,
        );
      }
      this.db.prepare('INSERT OR REPLACE INTO engine_lease (id, pid, owner, acquired_at, renewed_at) VALUES (1, ?, ?, ?, ?)').run(process.pid, this.owner, now, now);
    })();
    this.timer = setInterval(() => {
      try {
        this.db.prepare('UPDATE engine_lease SET renewed_at = ? WHERE id = 1 AND pid = ?').run(Date.now(), process.pid);
      } catch {
        // The database is closing; the lease lapses on its own.
      }
    }, RENEW_MS);
    this.timer.unref();
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.db.open) this.db.prepare('DELETE FROM engine_lease WHERE id = 1 AND pid = ?').run(process.pid);
  }
}

import type Database from 'better-sqlite3';
import type { PayloadStore } from './persistence/payloads';

export interface RetentionConfig {
  /** Finished executions older than this are deleted. */
  maxAgeDays: number;
  /** Beyond this many executions, the oldest finished ones are deleted. */
  maxCount: number;
  intervalMs: number;
}

export const DEFAULT_RETENTION: RetentionConfig = { maxAgeDays: 30, maxCount: 100_000, intervalMs: 3_600_000 };

const BATCH = 500;
const VACUUM_PAGES = 2000;

/**
 * Prunes finished executions by age and count on a schedule, in small transactions with the
 * event loop free between them, then gives the freed pages back to the file system
 * (`PRAGMA incremental_vacuum`; the store creates databases with auto_vacuum=INCREMENTAL).
 */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<{ deleted: number; freedPages: number }> | undefined;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly payloads: PayloadStore,
    private readonly config: RetentionConfig,
    private readonly onPruned: (deleted: number) => void,
  ) {
    this.statements = {
      countCutoff: db.prepare('SELECT id FROM executions ORDER BY id DESC LIMIT 1 OFFSET ?').pluck(),
      candidates: db
        .prepare(
          `SELECT id FROM executions WHERE status IN ('succeeded', 'failed', 'cancelled', 'crashed') AND (created_at < ? OR id <= ?) ORDER BY id LIMIT ${BATCH}`,
        )
        .pluck(),
      steps: db.prepare('DELETE FROM execution_steps WHERE execution_id = ?'),
      execution: db.prepare('DELETE FROM executions WHERE id = ?'),
      freelist: db.prepare('PRAGMA freelist_count').pluck(),
    };
  }

  start(): void {
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        void this.prune().finally(() => schedule(this.config.intervalMs));
      }, delay);
      this.timer.unref();
    };
    schedule(Math.min(60_000, this.config.intervalMs));
  }

  /** One pass; concurrent calls share it. */
  prune(now = Date.now()): Promise<{ deleted: number; freedPages: number }> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: number): Promise<{ deleted: number; freedPages: number }> {
    const cutoff = now - this.config.maxAgeDays * 86_400_000;
    const beyondCount = (this.statements.countCutoff.get(this.config.maxCount) as number | undefined) ?? 0;
    let deleted = 0;
    for (;;) {
      const ids = this.statements.candidates.all(cutoff, beyondCount) as number[];
      if (ids.length === 0) break;
      this.db.transaction(() => {
        for (const id of ids) {
          this.statements.steps.run(id);
          this.statements.execution.run(id);
        }
      })();
      for (const id of ids) this.payloads.removeExecution(id);
      deleted += ids.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const before = this.statements.freelist.get() as number;
    while ((this.statements.freelist.get() as number) > 0) {
      this.db.pragma(`incremental_vacuum(${VACUUM_PAGES})`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (deleted > 0) this.onPruned(deleted);
    return { deleted, freedPages: before };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

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

/** Longest a slice of pruning keeps the thread (one transaction, or one vacuum step). */
const SLICE_MS = 4;
/** The thread is left to the foreground this many times as long as a slice took: pruning gets at most a fifth. */
const REST_FACTOR = 4;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'crashed']);

/** What a pass did, and what it cost the thread. */
export interface PruneResult {
  deleted: number;
  freedPages: number;
  /** Slices run (transactions and vacuum steps), the typical (median) and longest one, and their total time. */
  slices: number;
  medianSliceMs: number;
  longestSliceMs: number;
  busyMs: number;
  elapsedMs: number;
}

interface Row {
  id: number;
  status: string;
  createdAt: number;
}

/** A batch size that makes the next slice take about SLICE_MS, from what the last one took. */
function adapt(size: number, spentMs: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round((size * SLICE_MS) / Math.max(spentMs, 0.25))));
}

/** Gives the foreground REST_FACTOR times the time the slice took (timers and I/O run meanwhile). */
function rest(spentMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, spentMs * REST_FACTOR)));
}

/**
 * Prunes finished executions by age and count on a schedule, in slices of a few milliseconds
 * with the event loop given back between them (for four times as long as each slice took), so
 * webhooks and the API keep at least four fifths of the thread however much there is to delete;
 * then gives the freed pages back to the file system in small `PRAGMA incremental_vacuum` steps
 * (the store creates databases with auto_vacuum=INCREMENTAL).
 */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PruneResult> | undefined;
  /** Set on dispose: a pass under way stops at its next slice instead of touching a closed database. */
  private stopped = false;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly payloads: PayloadStore,
    private readonly config: RetentionConfig,
    private readonly onPruned: (deleted: number) => void,
  ) {
    this.statements = {
      countCutoff: db.prepare('SELECT id FROM executions ORDER BY id DESC LIMIT 1 OFFSET ?').pluck(),
      // Keyset pages in id order: each slice reads only its window, never the whole table.
      window: db.prepare('SELECT id, status, created_at AS createdAt FROM executions WHERE id > ? ORDER BY id LIMIT ?'),
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
  prune(now = Date.now()): Promise<PruneResult> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: number): Promise<PruneResult> {
    const began = performance.now();
    const spentPerSlice: number[] = [];
    const sliced = async (spent: number) => {
      spentPerSlice.push(spent);
      await rest(spent);
    };
    const cutoff = now - this.config.maxAgeDays * 86_400_000;
    const beyondCount = (this.statements.countCutoff.get(this.config.maxCount) as number | undefined) ?? 0;
    let deleted = 0;
    let after = 0;
    let size = 100;
    for (let done = false; !done && !this.stopped; ) {
      const started = performance.now();
      const window = this.statements.window.all(after, size) as Row[];
      if (window.length === 0) break;
      after = window.at(-1)!.id;
      const doomed = window.filter((row) => FINISHED.has(row.status) && (row.createdAt < cutoff || row.id <= beyondCount)).map((row) => row.id);
      if (doomed.length > 0) {
        this.db.transaction(() => {
          for (const id of doomed) {
            this.statements.steps.run(id);
            this.statements.execution.run(id);
          }
        })();
        for (const id of doomed) this.payloads.removeExecution(id);
        deleted += doomed.length;
      }
      // Ids and creation times grow together: past both cutoffs nothing further can be due.
      done = window.every((row) => row.id > beyondCount && row.createdAt >= cutoff);
      const spent = performance.now() - started;
      size = adapt(size, spent, 10, 2000);
      await sliced(spent);
    }
    const before = this.statements.freelist.get() as number;
    let pages = 64;
    while (!this.stopped && (this.statements.freelist.get() as number) > 0) {
      const started = performance.now();
      this.db.pragma(`incremental_vacuum(${pages})`);
      const spent = performance.now() - started;
      pages = adapt(pages, spent, 8, 4096);
      await sliced(spent);
    }
    if (deleted > 0 && !this.stopped) this.onPruned(deleted);
    const sorted = spentPerSlice.toSorted((a, b) => a - b);
    return {
      deleted,
      freedPages: before,
      slices: sorted.length,
      medianSliceMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
      longestSliceMs: sorted.at(-1) ?? 0,
      busyMs: sorted.reduce((sum, spent) => sum + spent, 0),
      elapsedMs: performance.now() - began,
    };
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

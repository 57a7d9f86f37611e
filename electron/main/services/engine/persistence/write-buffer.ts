import type { ExecutionRepository, ExecutionRow, StepRow } from './execution-repository';
import type { CheckpointWriter } from './execution-store';

/** A commit with at least this many rows means the engine is busy. */
const BUSY_ROWS = 32;

/** A row waiting to be written, with the work that turns its live values into columns. */
export interface PendingStep {
  row: StepRow;
  /** Fills the payload columns (serializing, offloading big ones) just before the write. */
  prepare?: () => void;
}

/**
 * Group commit: execution and step writes are collected and committed in one transaction per
 * engine tick (or sooner when many pile up), instead of one fsync'd transaction each. A row
 * changed several times before the commit is written once, in its last state. Callers that
 * must know a row is on disk — before a step calls the outside world, before a webhook is
 * answered — call `flush()` (synchronous) or wait with `afterFlush()`.
 */
export class WriteBuffer implements CheckpointWriter {
  private executions = new Set<ExecutionRow>();
  /** Rows known to be in the database already (written before, or read from it). */
  private readonly stored = new WeakSet<ExecutionRow>();
  private steps = new Map<StepRow, PendingStep>();
  private callbacks: Array<() => void> = [];
  /** Writers whose rows belong with the executions' (running statistics), run inside each commit. */
  private readonly companions: Array<() => void> = [];
  private scheduled: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private lastFlushRows = 0;
  private disposed = false;
  /** Rows written since start, for metrics and tests. */
  written = 0;
  flushes = 0;

  constructor(
    private readonly repository: ExecutionRepository,
    private readonly onFlushed: (executions: ExecutionRow[]) => void,
    private readonly maxPending = 4000,
    private readonly minIntervalMs = 2,
  ) {}

  /** Marks a row read from the database, so its next write is an update. */
  known(row: ExecutionRow): void {
    this.stored.add(row);
  }

  execution(row: ExecutionRow): void {
    this.executions.add(row);
    this.schedule();
  }

  step(pending: PendingStep): void {
    this.steps.set(pending.row, pending);
    this.schedule();
  }

  /** Runs `write` inside every commit, after the rows: what it saves is committed with them. */
  alsoWrite(write: () => void): void {
    this.companions.push(write);
  }

  /** Runs `fn` once everything buffered now is committed. */
  afterFlush(fn: () => void): void {
    this.callbacks.push(fn);
    this.schedule();
  }

  get pending(): number {
    return this.executions.size + this.steps.size;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.pending >= this.maxPending) {
      this.flush();
      return;
    }
    if (this.scheduled || this.timer) return;
    // Under load (the last commit was a big one), commits are spaced a little so each carries
    // more rows: a commit has a fixed cost. A lone write is committed at once, keeping latency low.
    const since = performance.now() - this.lastFlush;
    if (this.lastFlushRows < BUSY_ROWS || since >= this.minIntervalMs) {
      this.scheduled = setImmediate(() => {
        this.scheduled = undefined;
        this.flush();
      });
    } else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.minIntervalMs - since);
    }
  }

  /** Commits everything buffered, now. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.lastFlush = performance.now();
    const executions = this.executions;
    const steps = this.steps;
    const callbacks = this.callbacks;
    if (executions.size === 0 && steps.size === 0 && callbacks.length === 0) return;
    if (executions.size === 0 && steps.size === 0) this.lastFlushRows = 0;
    this.executions = new Set();
    this.steps = new Map();
    this.callbacks = [];
    if (executions.size > 0 || steps.size > 0) {
      for (const pending of steps.values()) pending.prepare?.();
      this.repository.transaction(() => {
        // Executions first: a step never exists without its execution.
        for (const row of executions) {
          this.repository.writeExecution(row, this.stored.has(row));
          this.stored.add(row);
        }
        for (const row of steps.keys()) this.repository.writeStep(row);
        for (const write of this.companions) write();
      });
      this.written += executions.size + steps.size;
      this.lastFlushRows = executions.size + steps.size;
      this.flushes++;
      this.onFlushed([...executions]);
    }
    for (const callback of callbacks) callback();
  }

  dispose(): void {
    this.flush();
    this.disposed = true;
  }
}

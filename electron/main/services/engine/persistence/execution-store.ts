import type { ExecutionRow, StepRow } from './execution-repository';
import type { PendingStep } from './write-buffer';

/**
 * Where the executor keeps executions and their step checkpoints. SQLite on the desktop (the
 * repository and its write buffer); the team's Postgres in `echelon worker`. Reads are
 * synchronous: a worker loads a run's rows before it hands the run to the executor.
 */
export interface ExecutionStore {
  get(id: number): ExecutionRow | undefined;
  steps(id: number): StepRow[];
}

/**
 * Group commit of execution and step rows. `flush()` commits what is buffered; it returns a
 * promise when the commit is not synchronous (Postgres), and the executor then waits for it
 * before a step calls the outside world.
 */
export interface CheckpointWriter {
  readonly pending: number;
  /** Rows written and commits made since start, for metrics and benches. */
  readonly written: number;
  readonly flushes: number;
  /** Marks a row read from the store, so its next write is an update. */
  known(row: ExecutionRow): void;
  execution(row: ExecutionRow): void;
  step(pending: PendingStep): void;
  /** Runs `fn` once everything buffered now is committed. */
  afterFlush(fn: () => void): void;
  flush(): void | Promise<void>;
  dispose(): void;
}

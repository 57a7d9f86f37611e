import { idempotencyKey } from '../engine/execution/executor';
import type { ExecutionRow, StepRow } from '../engine/persistence/execution-repository';
import type { CheckpointWriter } from '../engine/persistence/execution-store';
import type { PendingStep } from '../engine/persistence/write-buffer';
import type { RunFile } from './team-files';
import type { IdempotencyKey, TeamState } from './team-state';

export interface TeamCheckpointHooks {
  onFlushed(rows: ExecutionRow[]): void;
  /** Runs this worker no longer holds (taken over, or cancelled): the executor drops them. */
  onRefused(ids: number[]): void;
  onError?(error: Error): void;
  /** The run files written since the last commit, committed with it. */
  files?(): RunFile[];
}

/** The idempotency key a step's call carries, as the executor makes it. */
export const stepKey = (prefix: string, step: StepRow) => idempotencyKey(prefix, step.executionId, step.nodeId, step.runIndex, step.attempt);

const RETRY_MS = [100, 250, 500, 1000, 2000];

/**
 * The SQLite write buffer's group commit, over the team's Postgres: rows collected during a
 * tick are committed in one call of `private.checkpoint`, one commit in flight at a time so
 * they land in order. `flush()` returns the commit's promise: the executor waits for it before
 * a step calls the outside world. A commit that fails for the connection (Postgres restarting)
 * is retried until it lands; nothing buffered is dropped.
 */
export class TeamCheckpointWriter implements CheckpointWriter {
  private executions = new Set<ExecutionRow>();
  private readonly stored = new WeakSet<ExecutionRow>();
  private steps = new Map<StepRow, PendingStep>();
  private callbacks: Array<() => void> = [];
  private tail: Promise<void> = Promise.resolve();
  private scheduled: NodeJS.Immediate | undefined;
  private disposed = false;
  written = 0;
  flushes = 0;

  constructor(
    private readonly state: TeamState,
    private readonly hooks: TeamCheckpointHooks,
    private readonly keyPrefix: string,
  ) {}

  get pending(): number {
    return this.executions.size + this.steps.size;
  }

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

  afterFlush(fn: () => void): void {
    this.callbacks.push(fn);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      void this.flush().catch(() => {});
    });
  }

  flush(): Promise<void> {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    const executions = [...this.executions];
    const steps = [...this.steps.values()];
    const callbacks = this.callbacks;
    this.executions = new Set();
    this.steps = new Map();
    this.callbacks = [];
    const commit = this.tail.then(() => this.commit(executions, steps, callbacks));
    this.tail = commit.catch(() => {});
    return commit;
  }

  private async commit(executions: ExecutionRow[], pendingSteps: PendingStep[], callbacks: Array<() => void>): Promise<void> {
    if (executions.length > 0 || pendingSteps.length > 0) {
      for (const pending of pendingSteps) pending.prepare?.();
      // After prepare (it offloads large outputs to files). A file's run row is already committed
      // or in this commit: a run's row is buffered before any of its steps runs.
      const files = this.hooks.files?.() ?? [];
      const rows = executions.map((row) => ({ row, isNew: !this.stored.has(row) }));
      const steps = pendingSteps.map((pending) => ({ ...pending.row }));
      const keys: IdempotencyKey[] = steps
        .filter((step) => step.status === 'running')
        .map((step) => ({ key: stepKey(this.keyPrefix, step), executionId: step.executionId, seq: step.seq, nodeId: step.nodeId }));
      const refused = await this.withRetry(() => this.state.checkpoint(rows, steps, keys, files));
      for (const row of executions) this.stored.add(row);
      this.written += executions.length + steps.length;
      this.flushes++;
      if (refused.length > 0) this.hooks.onRefused(refused);
      const gone = new Set(refused);
      this.hooks.onFlushed(executions.filter((row) => !gone.has(row.id)));
    }
    for (const callback of callbacks) callback();
  }

  /** Retries a commit the connection lost (Postgres restarting, a pooler failover); other errors are the caller's. */
  private async withRetry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (this.disposed || !isConnectionError(error)) throw error;
        this.hooks.onError?.(error as Error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
      }
    }
  }

  /** Resolves once everything buffered so far is committed. */
  async drain(): Promise<void> {
    await this.flush();
  }

  dispose(): void {
    void this.flush().catch(() => {});
    this.disposed = true;
  }
}

/** Errors of the connection rather than the statement: the same commit may be tried again. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error)?.message ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code) ||
    /Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(message)
  );
}

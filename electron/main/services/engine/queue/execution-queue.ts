import type { QueueEntry } from './run-queue';

export type { QueueEntry } from './run-queue';

export interface QueueStats {
  /** Runs due now (blocked by their workflow's limit included). */
  ready: number;
  delayed: number;
  /** How long the oldest ready run has waited. */
  lagMs: number;
}

/**
 * The one queue interface the executor runs on: what is next (priority lanes, then age), what
 * waits until later (delays, retry backoff), the pending run a dedup key names, and how many run
 * per workflow and in all. Two implementations:
 * - `RunQueue`: the embedded queue of the desktop and `echelon serve`, over the executions rows
 *   in SQLite (they are the durable queue; this is their index in memory).
 * - `BullExecutionQueue` (services/workers): BullMQ on Redis, shared by every `echelon worker`,
 *   with the executions rows in the team's Postgres.
 * tests/integration/queue-contract.test.ts holds both to the same behaviour.
 */
export interface ExecutionQueue {
  /** Pending runs this queue holds (ready and delayed). */
  readonly depth: number;
  /** Runs taken and not yet released. */
  readonly running: number;
  pendingWithKey(key: string): QueueEntry | undefined;
  has(executionId: number): boolean;
  /** A run to start when due: new, parked until `runAt` (a wait, a retry's backoff), or resumed. */
  add(entry: QueueEntry): void;
  /** Drops a pending run (cancelled); true when it was pending here. */
  remove(executionId: number): boolean;
  /** The next run allowed to start now, counted as running; undefined when none is. */
  take(globalLimit: number): QueueEntry | undefined;
  /** Counts a run as running that did not come through `take` (resumed directly). */
  claim(workflowId: string): void;
  /** A run ended, parked or was handed back: its slots are free. */
  release(workflowId: string, executionId: number): void;
  stats(): QueueStats;
  dispose(): void;
}

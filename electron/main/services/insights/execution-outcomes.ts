import type { ExecutionRow, StepRow } from '../engine/persistence/execution-repository';
import type { Outcome, RunStats } from './run-stats';

const OUTCOMES: Partial<Record<ExecutionRow['status'], Outcome>> = { succeeded: 'succeeded', failed: 'failed', crashed: 'failed', cancelled: 'cancelled' };

/** Counts a finished execution under its workflow, timed by its last attempt; `sign` -1 takes it back (before a retry runs it again). */
export function countExecution(stats: RunStats, row: ExecutionRow, sign: 1 | -1 = 1): void {
  const outcome = OUTCOMES[row.status];
  if (!outcome || row.finishedAt === null) return;
  stats.record('workflow', row.workflowId, row.workflowName, outcome, row.finishedAt - (row.attemptStartedAt ?? row.startedAt ?? row.finishedAt), row.finishedAt, sign);
}

/** Counts a step that ended (after its last try) under its node type. */
export function countStep(stats: RunStats, step: StepRow): void {
  if ((step.status !== 'succeeded' && step.status !== 'failed') || step.finishedAt === null) return;
  stats.record('node-type', step.nodeType, step.nodeType, step.status, step.finishedAt - step.startedAt, step.finishedAt);
}

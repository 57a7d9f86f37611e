import type { ExecutionError } from '../../../../shared/contract/executions';
import { EchelonError } from '../../../../shared/contract/errors';
import type { Executor } from '../engine/execution/executor';
import type { ExecutionRun } from '../engine/execution/execution-run';
import { PRIORITY, type WorkflowPlan } from '../engine/execution/plan';
import { NodeError, type Item } from '../engine/node-api';
import type { ExecutionRow } from '../engine/persistence/execution-repository';
import type { TeamState } from './team-state';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'crashed']);
/** Runs of one sub-workflow at once on this worker (as a desktop's default). */
const CHILD_LIMIT = 1000;

export interface TeamSubWorkflowDeps {
  state: TeamState;
  executor(): Executor;
  plan(workflowId: string, version: number): Promise<WorkflowPlan>;
  /** Runs `fn` once what was written so far is committed. */
  afterCommit(fn: () => void): void;
  /** Drops the rows loaded for a child whose output was read. */
  forget(id: number): void;
}

interface Outcome {
  row: ExecutionRow;
  items: Item[];
}

/**
 * Sub-workflow runs (the Execute Workflow node) on a team worker. A child runs on the worker
 * holding its parent (its job never goes to Redis: the parent waits for it, and would deadlock
 * behind a full worker otherwise); its row, with the parent's id and the calling step's key,
 * commits like any other. A worker that takes over the parent gets its children with the claim,
 * so the resumed step finds the child it had started (by key) and waits for it, never starting
 * a second one.
 */
export class TeamSubWorkflows {
  /** Ids reserved from the team's sequence for the next children. */
  private readonly ids: number[] = [];
  private readonly byKey = new Map<string, ExecutionRow>();
  private readonly waiters = new Map<number, Array<(outcome: Outcome) => void>>();

  constructor(private readonly deps: TeamSubWorkflowDeps) {}

  /** The executor's id for a new run: only children are started here, with an id reserved first. */
  nextId(): number {
    const id = this.ids.shift();
    if (id === undefined) throw new EchelonError('unavailable', 'Team workers start no runs of their own but sub-workflow runs.');
    return id;
  }

  /** Children of a parent this worker claimed (the claim brings them). */
  adopt(children: ExecutionRow[]): void {
    for (const child of children) if (child.parentId !== null && child.parentKey !== null) this.byKey.set(keyOf(child.parentId, child.parentKey), child);
  }

  /** A run finished here: a parent waiting for it continues once its final row is committed. */
  finished(row: ExecutionRow, run: ExecutionRun | undefined): void {
    if (row.parentId === null) return;
    if (row.parentKey !== null) this.byKey.delete(keyOf(row.parentId, row.parentKey));
    const waiting = this.waiters.get(row.id);
    if (!waiting) return;
    this.waiters.delete(row.id);
    // Read now: the run's rows are dropped from memory once it finished.
    const outcome = { row, items: row.status === 'succeeded' ? this.deps.executor().outputItems(row, run) : [] };
    this.deps.afterCommit(() => waiting.forEach((resolve) => resolve(outcome)));
  }

  /** A child that had finished before its parent was taken over: its output from the claimed rows. */
  private recorded(row: ExecutionRow): Outcome {
    const items = row.status === 'succeeded' ? this.deps.executor().outputItems(row) : [];
    this.byKey.delete(keyOf(row.parentId!, row.parentKey!));
    this.deps.forget(row.id);
    return { row, items };
  }

  /** Runs `reference` with the items as a child of `parent` and returns what its last node returned. */
  async run(parent: ExecutionRun, key: string, reference: string, items: Item[], signal: AbortSignal): Promise<Item[]> {
    const executor = this.deps.executor();
    let child = this.byKey.get(keyOf(parent.id, key));
    if (!child) child = await this.start(parent, key, reference, items);
    else if (!FINISHED.has(child.status) && !executor.isActive(child.id) && !executor.queue.has(child.id)) executor.requeue(child, CHILD_LIMIT);
    const started = child;
    const onAbort = () => {
      const active = executor.activeRun(started.id);
      if (active) executor.stop(active, 'cancel');
      else executor.abandon(started.id, 'Its parent run stopped.');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const { row: finished, items: output } = FINISHED.has(started.status)
        ? this.recorded(started)
        : await new Promise<Outcome>((resolve) => this.waiters.set(started.id, [...(this.waiters.get(started.id) ?? []), resolve]));
      if (finished.status !== 'succeeded') {
        const error = finished.error ? (JSON.parse(finished.error) as ExecutionError).message : finished.status;
        throw new NodeError(`Sub-workflow "${finished.workflowName}" (execution ${finished.id}) ${finished.status}: ${error}`, 'sub_workflow_failed');
      }
      return output;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async start(parent: ExecutionRun, key: string, reference: string, items: Item[]): Promise<ExecutionRow> {
    const { state } = this.deps;
    const { rows } = await state.pool.query('select id, revision from public.workflows where org_id = $1 and id = $2 and not deleted', [state.options.org, reference]);
    const target = rows[0] as { id: string; revision: number } | undefined;
    if (!target) throw new NodeError(`No team workflow "${reference}" to run as a sub-workflow: share it with the team (its Echelon id).`, 'not_found', true);
    const plan = await this.deps.plan(target.id, Number(target.revision));
    const start = plan.triggers.find((node) => node.node.type === 'manual.trigger');
    if (!start) throw new NodeError(`Workflow "${plan.name}" has no manual trigger to start a sub-workflow run: add one.`, 'invalid_input', true);
    this.ids.push(...(await state.reserveIds(1)));
    const { row } = this.deps.executor().enqueue({
      workflowId: target.id,
      workflowVersion: Number(target.revision),
      workflowName: plan.name,
      trigger: 'sub-workflow',
      triggerNodeId: start.node.id,
      payload: items.map((item) => item.json),
      priority: PRIORITY.high,
      limit: CHILD_LIMIT,
      parent: { id: parent.id, key },
    });
    this.byKey.set(keyOf(parent.id, key), row);
    return row;
  }
}

const keyOf = (parentId: number, key: string) => `${parentId}\u0000${key}`;

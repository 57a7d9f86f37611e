import pg from 'pg';
import type { ExecutionStatus, StepStatus, TriggerKind } from '../../../../shared/contract/executions';
import type { ExecutionRow, StepRow } from '../engine/persistence/execution-repository';
import type { RunFile } from './team-files';

/**
 * The team's execution state in Postgres (schema `private`, never exposed through the API),
 * through the functions of resources/supabase/migrations/20261208000100_workers.sql. Each worker
 * keeps one small pool: 500 workers behind Supabase's pooler (session mode) must fit its limit.
 */

export interface RunRequest {
  workflowId: string;
  workflowVersion?: number;
  trigger?: TriggerKind;
  priority?: number;
  runAt?: number;
  dedupKey?: string | null;
  input?: string | null;
  queue?: string;
  parentId?: number;
  parentKey?: string;
  replyTo?: string;
}

export interface QueuedRun {
  id: number;
  status: ExecutionStatus;
  queue: string;
  priority: number;
  runAt: number;
  deduplicated: boolean;
}

export interface ClaimedRun {
  row: ExecutionRow;
  steps: StepRow[];
  children: Array<{ row: ExecutionRow; steps: StepRow[] }>;
  /** The worker holding it now (this one, unless the run was not claimable). */
  leaseOwner: string | null;
}

export interface IdempotencyKey {
  key: string;
  executionId: number;
  seq: number;
  nodeId: string;
}

type DbRow = Record<string, unknown>;
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export function executionFromDb(row: DbRow): ExecutionRow {
  return {
    id: Number(row.id),
    workflowId: String(row.workflow_id),
    workflowVersion: Number(row.workflow_version),
    workflowName: String(row.workflow_name),
    status: row.status as ExecutionStatus,
    trigger: row.trigger as TriggerKind,
    priority: Number(row.priority),
    runAt: Number(row.run_at),
    dedupKey: (row.dedup_key as string | null) ?? null,
    parentId: num(row.parent_id),
    parentKey: (row.parent_key as string | null) ?? null,
    input: (row.input as string | null) ?? null,
    output: (row.output as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    recoveries: Number(row.recoveries),
    deadLetter: Number(row.dead_letter),
    createdAt: Number(row.created_at),
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
    // Earlier attempts of a retried run are kept by the desktop's store only.
    attempts: (row.attempts as string | null | undefined) ?? null,
    attemptStartedAt: num(row.attempt_started_at),
  };
}

export function stepFromDb(row: DbRow): StepRow {
  return {
    executionId: Number(row.execution_id),
    seq: Number(row.seq),
    nodeId: String(row.node_id),
    nodeType: String(row.node_type),
    runIndex: Number(row.run_index),
    status: row.status as StepStatus,
    attempt: Number(row.attempt),
    input: (row.input as string | null) ?? null,
    output: (row.output as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    logs: (row.logs as string | null) ?? null,
    state: (row.state as string | null) ?? null,
    startedAt: Number(row.started_at),
    finishedAt: num(row.finished_at),
    waitUntil: num(row.wait_until),
  };
}

const executionToDb = (row: ExecutionRow, isNew: boolean) => ({
  id: row.id,
  is_new: isNew,
  workflow_id: row.workflowId,
  workflow_version: row.workflowVersion,
  workflow_name: row.workflowName,
  status: row.status,
  trigger: row.trigger,
  priority: row.priority,
  run_at: row.runAt,
  dedup_key: row.dedupKey,
  parent_id: row.parentId,
  parent_key: row.parentKey,
  input: row.input,
  output: row.output,
  error: row.error,
  recoveries: row.recoveries,
  dead_letter: row.deadLetter,
  created_at: row.createdAt,
  started_at: row.startedAt,
  finished_at: row.finishedAt,
});

const stepToDb = (row: StepRow) => ({
  execution_id: row.executionId,
  seq: row.seq,
  node_id: row.nodeId,
  node_type: row.nodeType,
  run_index: row.runIndex,
  status: row.status,
  attempt: row.attempt,
  input: row.input,
  output: row.output,
  error: row.error,
  logs: row.logs,
  state: row.state,
  started_at: row.startedAt,
  finished_at: row.finishedAt,
  wait_until: row.waitUntil,
});

export interface TeamStateOptions {
  /** `postgres://…` (Supabase: the pooler's session-mode address). */
  url: string;
  org: string;
  /** This worker's id: the lease owner of the runs it holds. */
  owner: string;
  /** Shown to teammates as who ran it. */
  runner?: string;
  /** Connections this worker keeps (default 2: a commit and a claim in flight at once). */
  poolSize?: number;
  onError?: (error: Error) => void;
}

export class TeamState {
  readonly pool: pg.Pool;

  constructor(readonly options: TeamStateOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 2, idleTimeoutMillis: 30_000, application_name: `echelon-worker ${options.owner}` });
    // An idle connection dropped by a restarting server: the pool replaces it on next use.
    this.pool.on('error', (error) => options.onError?.(error));
  }

  /**
   * Queues runs: their rows are committed when this resolves (the caller adds their jobs only
   * then). A run whose dedup key names a queued run returns that run, `deduplicated`.
   */
  async enqueue(runs: RunRequest[]): Promise<QueuedRun[]> {
    const payload = runs.map((run) => ({
      workflow_id: run.workflowId,
      workflow_version: run.workflowVersion,
      trigger: run.trigger,
      priority: run.priority,
      run_at: run.runAt,
      dedup_key: run.dedupKey ?? undefined,
      input: run.input ?? undefined,
      queue: run.queue,
      parent_id: run.parentId,
      parent_key: run.parentKey,
      reply_to: run.replyTo,
    }));
    const { rows } = await this.pool.query('select * from private.enqueue_executions($1, $2)', [this.options.org, JSON.stringify(payload)]);
    return rows.map((row: DbRow) => {
      if (row.refused) throw new Error(String(row.refused));
      return { id: Number(row.id), status: row.status as ExecutionStatus, queue: String(row.queue), priority: Number(row.priority), runAt: Number(row.run_at), deduplicated: Boolean(row.deduplicated) };
    });
  }

  /**
   * Takes the lease of runs whose jobs this worker fetched; a run another worker held while
   * running counts a recovery (past `maxRecoveries` it ends crashed, in the dead letter).
   */
  async claim(ids: number[], maxRecoveries = 3): Promise<ClaimedRun[]> {
    const { rows } = await this.pool.query('select private.claim_executions($1, $2, $3) as claimed', [this.options.owner, ids, maxRecoveries]);
    const claimed = rows[0].claimed as Array<{ row: DbRow; steps: DbRow[]; children: Array<{ row: DbRow; steps: DbRow[] }> }>;
    return claimed.map((entry) => ({
      row: executionFromDb(entry.row),
      steps: entry.steps.map(stepFromDb),
      children: entry.children.map((child) => ({ row: executionFromDb(child.row), steps: child.steps.map(stepFromDb) })),
      leaseOwner: (entry.row.lease_owner as string | null) ?? null,
    }));
  }

  /**
   * One group commit, with the run files written since the last (in the same transaction, after
   * the rows they belong to). Rows of runs this worker no longer holds (another took over, or a
   * finished status would be overwritten) are refused: their ids come back, their files are not kept.
   */
  async checkpoint(executions: Array<{ row: ExecutionRow; isNew: boolean }>, steps: StepRow[], keys: IdempotencyKey[], files: RunFile[] = []): Promise<number[]> {
    const values = [
      this.options.org,
      this.options.owner,
      this.options.runner ?? this.options.owner,
      JSON.stringify(executions.map(({ row, isNew }) => executionToDb(row, isNew))),
      JSON.stringify(steps.map(stepToDb)),
      JSON.stringify(keys.map((key) => ({ key: key.key, execution_id: key.executionId, seq: key.seq, node_id: key.nodeId }))),
    ];
    const sql = 'select private.checkpoint($1, $2, $3, $4, $5, $6) as refused';
    const refusedOf = (rows: DbRow[]) => (rows[0]!.refused as Array<string | number>).map(Number);
    if (files.length === 0) return refusedOf((await this.pool.query(sql, values)).rows);
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const refused = refusedOf((await client.query(sql, values)).rows);
      const kept = files.filter((file) => !refused.includes(file.executionId));
      await client.query(
        `insert into private.execution_files (execution_id, file, org_id, bytes, data)
         select f.execution_id, f.file, $1, length(f.data), f.data from unnest($2::bigint[], $3::text[], $4::bytea[]) as f(execution_id, file, data)
         on conflict (execution_id, file) do update set data = excluded.data, bytes = excluded.bytes`,
        [this.options.org, kept.map((file) => file.executionId), kept.map((file) => file.file), kept.map((file) => file.data)],
      );
      await client.query('commit');
      return refused;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async cancel(id: number): Promise<{ status: ExecutionStatus; leaseOwner: string | null } | undefined> {
    const { rows } = await this.pool.query('select * from private.cancel_execution($1, $2)', [this.options.org, id]);
    const row = rows[0] as DbRow | undefined;
    return row?.id ? { status: row.status as ExecutionStatus, leaseOwner: (row.lease_owner as string | null) ?? null } : undefined;
  }

  /** Ids for runs this worker creates (sub-workflow runs), reserved from the table's sequence. */
  async reserveIds(count: number): Promise<number[]> {
    const { rows } = await this.pool.query("select nextval('private.executions_id_seq') as id from generate_series(1, $1)", [count]);
    return rows.map((row: DbRow) => Number(row.id));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

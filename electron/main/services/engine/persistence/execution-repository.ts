import type Database from 'better-sqlite3';
import type { ExecutionStatus, StepStatus, TriggerKind } from '../../../../../shared/contract/executions';
import { listQuery, type ListFilter } from './execution-query';

export type { ListFilter } from './execution-query';

/** An execution as stored (times in epoch ms, payloads as JSON text). */
export interface ExecutionRow {
  id: number;
  workflowId: string;
  workflowVersion: number;
  workflowName: string;
  status: ExecutionStatus;
  trigger: TriggerKind;
  /** 0 high, 1 normal, 2 low. */
  priority: number;
  runAt: number;
  dedupKey: string | null;
  parentId: number | null;
  parentKey: string | null;
  input: string | null;
  output: string | null;
  error: string | null;
  recoveries: number;
  deadLetter: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** JSON of the earlier attempts of a retried execution (`AttemptRecord[]`); null if never retried. */
  attempts: string | null;
  /** When the current attempt of a retried execution started; null until it does. */
  attemptStartedAt: number | null;
}

/** One finished attempt of a retried execution, as stored. */
export interface AttemptRecord {
  startedAt: number;
  finishedAt: number;
  status: ExecutionStatus;
  error?: string;
}

export interface StepRow {
  executionId: number;
  seq: number;
  nodeId: string;
  nodeType: string;
  runIndex: number;
  status: StepStatus;
  attempt: number;
  input: string | null;
  output: string | null;
  error: string | null;
  logs: string | null;
  state: string | null;
  startedAt: number;
  finishedAt: number | null;
  waitUntil: number | null;
}

const EXECUTION_COLUMNS = `id, workflow_id AS workflowId, workflow_version AS workflowVersion, workflow_name AS workflowName, status, trigger,
  priority, run_at AS runAt, dedup_key AS dedupKey, parent_id AS parentId, parent_key AS parentKey, input, output, error,
  recoveries, dead_letter AS deadLetter, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt,
  attempts, attempt_started_at AS attemptStartedAt`;

const SUMMARY_COLUMNS = `id, workflow_id AS workflowId, workflow_version AS workflowVersion, workflow_name AS workflowName, status, trigger,
  priority, run_at AS runAt, dedup_key AS dedupKey, parent_id AS parentId, parent_key AS parentKey, NULL AS input, NULL AS output, error,
  recoveries, dead_letter AS deadLetter, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt,
  attempts, attempt_started_at AS attemptStartedAt`;

const STEP_COLUMNS = `execution_id AS executionId, seq, node_id AS nodeId, node_type AS nodeType, run_index AS runIndex, status, attempt,
  input, output, error, logs, state, started_at AS startedAt, finished_at AS finishedAt, wait_until AS waitUntil`;


/** Named statements over `executions` and `execution_steps`; the write buffer batches the writes. */
export class ExecutionRepository {
  private readonly insertExecution: Database.Statement;
  private readonly updateExecution: Database.Statement;
  private readonly upsertStep: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly stepsOf: Database.Statement;
  private readonly maxId: Database.Statement;
  private readonly active: Database.Statement;
  private readonly childByKey: Database.Statement;
  private readonly children: Database.Statement;
  private readonly lastOfWorkflow: Database.Statement;
  private readonly countDeadLetter: Database.Statement;
  private readonly cancelSteps: Database.Statement;
  private readonly listStatements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.insertExecution = db.prepare(`INSERT INTO executions (id, workflow_id, workflow_version, workflow_name, status, trigger, priority, run_at,
        dedup_key, parent_id, parent_key, input, output, error, recoveries, dead_letter, created_at, started_at, finished_at, attempts, attempt_started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.updateExecution = db.prepare(`UPDATE executions SET status = ?, priority = ?, run_at = ?, dedup_key = ?, output = ?, error = ?,
        recoveries = ?, dead_letter = ?, started_at = ?, finished_at = ?, attempts = ?, attempt_started_at = ? WHERE id = ?`);
    this.upsertStep = db.prepare(`INSERT OR REPLACE INTO execution_steps (execution_id, seq, node_id, node_type, run_index, status, attempt,
        input, output, error, logs, state, started_at, finished_at, wait_until)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.byId = db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM executions WHERE id = ?`);
    this.stepsOf = db.prepare(`SELECT ${STEP_COLUMNS} FROM execution_steps WHERE execution_id = ? ORDER BY seq`);
    this.maxId = db.prepare('SELECT max(id) FROM executions').pluck();
    this.active = db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM executions WHERE status IN ('queued', 'running', 'waiting') ORDER BY id`);
    this.childByKey = db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM executions WHERE parent_id = ? AND parent_key = ? ORDER BY id DESC LIMIT 1`);
    this.children = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE parent_id = ?`);
    this.lastOfWorkflow = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE workflow_id = ? ORDER BY id DESC LIMIT 1`);
    this.countDeadLetter = db.prepare('SELECT count(*) FROM executions WHERE dead_letter = 1').pluck();
    this.cancelSteps = db.prepare("UPDATE execution_steps SET status = 'cancelled', finished_at = coalesce(finished_at, ?) WHERE execution_id = ? AND status IN ('running', 'waiting')");
  }

  /** Writes a row inside the caller's transaction: inserted the first time, updated after (positional binding: the hot path). */
  writeExecution(row: ExecutionRow, exists: boolean): void {
    if (exists) {
      const changed = this.updateExecution.run(
        row.status, row.priority, row.runAt, row.dedupKey, row.output, row.error, row.recoveries, row.deadLetter, row.startedAt, row.finishedAt, row.attempts, row.attemptStartedAt, row.id,
      ).changes;
      if (changed > 0) return;
    }
    try {
      this.insertExecution.run(
        row.id, row.workflowId, row.workflowVersion, row.workflowName, row.status, row.trigger, row.priority, row.runAt, row.dedupKey, row.parentId, row.parentKey,
        row.input, row.output, row.error, row.recoveries, row.deadLetter, row.createdAt, row.startedAt, row.finishedAt, row.attempts, row.attemptStartedAt,
      );
    } catch (error) {
      // A row read back from the database and not marked as stored: it exists, so update it.
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
      this.writeExecution(row, true);
    }
  }

  writeStep(row: StepRow): void {
    this.upsertStep.run(
      row.executionId, row.seq, row.nodeId, row.nodeType, row.runIndex, row.status, row.attempt, row.input, row.output, row.error, row.logs, row.state,
      row.startedAt, row.finishedAt, row.waitUntil,
    );
  }

  transaction(fn: () => void): void {
    this.db.transaction(fn)();
  }

  get(id: number): ExecutionRow | undefined {
    return this.byId.get(id) as ExecutionRow | undefined;
  }

  steps(id: number): StepRow[] {
    return this.stepsOf.all(id) as StepRow[];
  }

  highestId(): number {
    return (this.maxId.get() as number | null) ?? 0;
  }

  activeExecutions(): ExecutionRow[] {
    return this.active.all() as ExecutionRow[];
  }

  child(parentId: number, key: string): ExecutionRow | undefined {
    return this.childByKey.get(parentId, key) as ExecutionRow | undefined;
  }

  childrenOf(parentId: number): ExecutionRow[] {
    return this.children.all(parentId) as ExecutionRow[];
  }

  lastRun(workflowId: string): ExecutionRow | undefined {
    return this.lastOfWorkflow.get(workflowId) as ExecutionRow | undefined;
  }

  deadLetterCount(): number {
    return this.countDeadLetter.get() as number;
  }

  /** Marks the steps a stopped execution left open as cancelled. */
  cancelOpenSteps(executionId: number): void {
    this.cancelSteps.run(Date.now(), executionId);
  }

  list(filter: ListFilter): ExecutionRow[] {
    const query = listQuery(filter);
    return this.cached(`list:${query.where}:${query.orderBy}`, () => `SELECT ${SUMMARY_COLUMNS} FROM executions ${query.where} ORDER BY ${query.orderBy} LIMIT @limit OFFSET @offset`).all({
      ...query.params,
      limit: filter.limit,
      offset: filter.offset ?? 0,
    }) as ExecutionRow[];
  }

  /** How many executions match the filter (paging ignored). */
  count(filter: ListFilter): number {
    const query = listQuery(filter);
    return this.cached(`count:${query.where}`, () => `SELECT count(*) FROM executions ${query.where}`).pluck().get(query.params) as number;
  }

  private cached(key: string, sql: () => string): Database.Statement {
    let statement = this.listStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(sql());
      this.listStatements.set(key, statement);
    }
    return statement;
  }
}

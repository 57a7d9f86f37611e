import os from 'node:os';
import type Database from 'better-sqlite3';
import type { ChangeTracker } from '../../store/change-tracker';
import type { SyncStore } from '../sync-store';
import type { SyncKind, SyncRow } from './sync-kind';

const FINISHED = "('succeeded', 'failed', 'cancelled', 'crashed')";
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

interface ExecutionRow {
  id: number;
  workflow_id: string;
  workflow_name: string;
  status: string;
  trigger: string;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
}

/** Where pulled summaries of everyone's runs land, for the Team page. */
function summaryWriter(db: Database.Database, store: SyncStore, changes: ChangeTracker, kind: 'execution' | 'agent_task') {
  const upsert = db.prepare(
    `INSERT INTO team_execution_summaries (org_id, id, kind, subject_id, subject_name, status, runner, started_at, finished_at, duration_ms, error, updated_by)
     VALUES (@org, @id, @kind, @subjectId, @subjectName, @status, @runner, @startedAt, @finishedAt, @durationMs, @error, @updatedBy)
     ON CONFLICT (org_id, id) DO UPDATE SET status = excluded.status, subject_name = excluded.subject_name, started_at = excluded.started_at,
       finished_at = excluded.finished_at, duration_ms = excluded.duration_ms, error = excluded.error, updated_by = excluded.updated_by`,
  );
  const remove = db.prepare('DELETE FROM team_execution_summaries WHERE org_id = ? AND id = ?');
  const subject = kind === 'execution' ? ['workflow_id', 'workflow_name'] : ['agent_id', 'agent_name'];
  return (id: string, row: SyncRow | null, updatedBy: string | undefined) => {
    const org = store.control().orgId;
    if (!org) return;
    if (!row) remove.run(org, id);
    else {
      upsert.run({
        org,
        id,
        kind,
        subjectId: String(row[subject[0]!] ?? ''),
        subjectName: String(row[subject[1]!] ?? ''),
        status: String(row.status ?? ''),
        runner: String(row.runner ?? ''),
        startedAt: (row.started_at as string | null) ?? null,
        finishedAt: (row.finished_at as string | null) ?? null,
        durationMs: typeof row.duration_ms === 'number' ? row.duration_ms : null,
        error: (row.error as string | null) ?? null,
        updatedBy: updatedBy ?? null,
      });
    }
    changes.touched('team_execution_summaries');
  };
}

/**
 * Finished runs of workflows on this computer, published as summaries (never inputs or
 * outputs) with an id prefixed by this data dir's instance id; everyone's summaries come back
 * into team_execution_summaries. Workers publish to the same table.
 */
export function executionSummaryKind(db: Database.Database, store: SyncStore, changes: ChangeTracker, redact: (text: string) => string): SyncKind {
  const get = db.prepare('SELECT id, workflow_id, workflow_name, status, trigger, error, started_at, finished_at, created_at FROM executions WHERE id = ?');
  const write = summaryWriter(db, store, changes, 'execution');
  const runner = os.hostname();
  return {
    kind: 'execution',
    table: 'execution_summaries',
    columns: ['workflow_id', 'workflow_name', 'status', 'trigger', 'runner', 'started_at', 'finished_at', 'duration_ms', 'error'],
    strategy: 'overwrite',
    announce: true,
    local: { table: 'executions', key: (row) => `${row}.id`, columns: ['status'], operations: ['update'], when: `NEW.status IN ${FINISHED} AND NEW.parent_id IS NULL` },
    remoteId: (localId) => `${store.control().instanceId}-${localId}`,
    read(localId) {
      const row = get.get(Number(localId)) as ExecutionRow | undefined;
      if (!row) return undefined;
      const started = row.started_at ?? row.created_at;
      return {
        workflow_id: row.workflow_id,
        workflow_name: row.workflow_name,
        status: row.status,
        trigger: row.trigger,
        runner,
        started_at: iso(started),
        finished_at: iso(row.finished_at),
        duration_ms: row.finished_at === null ? null : Math.max(0, row.finished_at - started),
        error: row.error === null ? null : redact(row.error).slice(0, 1000),
      };
    },
    apply: (id, row, meta) => write(id, row, meta.updatedBy),
    name: (row, id) => String(row?.workflow_name ?? id),
  };
}

/** Agent-task summaries, pulled (the agents service publishes them; see README "adding a kind"). */
export function agentTaskSummaryKind(db: Database.Database, store: SyncStore, changes: ChangeTracker): SyncKind {
  const write = summaryWriter(db, store, changes, 'agent_task');
  return {
    kind: 'agent_task',
    table: 'agent_task_summaries',
    columns: ['agent_id', 'agent_name', 'status', 'runner', 'started_at', 'finished_at', 'duration_ms', 'error'],
    strategy: 'overwrite',
    read: () => undefined,
    apply: (id, row, meta) => write(id, row, meta.updatedBy),
    name: (row, id) => String(row?.agent_name ?? id),
  };
}

import type { Migration } from './migration';

/**
 * Executions double as the queue (status 'queued' with priority and run_at), so enqueuing is
 * one row. Times are epoch milliseconds: the engine writes tens of thousands of rows a second,
 * so indexes are few (no index on status: active runs are found by one scan at start).
 */
export const executions: Migration = {
  version: 51,
  name: 'executions',
  sql: `
    CREATE TABLE executions (
      id INTEGER PRIMARY KEY,
      workflow_id TEXT NOT NULL,
      workflow_version INTEGER NOT NULL,
      workflow_name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'crashed')),
      trigger TEXT NOT NULL,
      priority INTEGER NOT NULL,
      run_at INTEGER NOT NULL,
      dedup_key TEXT,
      parent_id INTEGER,
      -- The parent step's idempotency key, so a resumed parent finds the child it started.
      parent_key TEXT,
      input TEXT,
      output TEXT,
      error TEXT,
      recoveries INTEGER NOT NULL DEFAULT 0,
      dead_letter INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER
    );
    CREATE INDEX executions_workflow ON executions (workflow_id, id);
    CREATE INDEX executions_dead_letter ON executions (id) WHERE dead_letter = 1;
    CREATE INDEX executions_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;
    CREATE TABLE execution_steps (
      execution_id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      node_id TEXT NOT NULL,
      node_type TEXT NOT NULL,
      run_index INTEGER NOT NULL,
      status TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      input TEXT,
      output TEXT,
      error TEXT,
      logs TEXT,
      -- Node state carried to its next run in this execution (a loop's remaining items).
      state TEXT,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      wait_until INTEGER,
      PRIMARY KEY (execution_id, seq)
    ) WITHOUT ROWID;
  `,
};

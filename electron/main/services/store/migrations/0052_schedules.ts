import type { Migration } from './migration';

/** Next run of every schedule trigger, kept here so runs missed while the app was closed are known. */
export const schedules: Migration = {
  version: 52,
  name: 'workflow_schedules',
  sql: `
    CREATE TABLE workflow_schedules (
      workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      node_id TEXT NOT NULL,
      -- The rule as JSON; a changed rule gets a fresh next run.
      spec TEXT NOT NULL,
      next_run_at INTEGER NOT NULL,
      last_run_at INTEGER,
      PRIMARY KEY (workflow_id, node_id)
    ) WITHOUT ROWID;
  `,
};

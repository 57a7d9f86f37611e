import type { Migration } from './migration';

/** Canvas edits autosave here, offline, until the person saves a version. */
export const workflowDrafts: Migration = {
  version: 60,
  name: 'workflow_drafts',
  sql: `
    CREATE TABLE workflow_drafts (
      workflow_id TEXT PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
      document TEXT NOT NULL,
      base_version INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    );
  `,
};

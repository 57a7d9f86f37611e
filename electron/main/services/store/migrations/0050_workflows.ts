import type { Migration } from './migration';

/** Workflows and their immutable versions: every save is a new version, runs pin one. */
export const workflows: Migration = {
  version: 50,
  name: 'workflows',
  sql: `
    CREATE TABLE workflows (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      current_version INTEGER NOT NULL,
      -- Id the workflow had where it was imported from (n8n), so sub-workflow references resolve.
      source_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX workflows_source_id ON workflows (source_id) WHERE source_id IS NOT NULL;
    CREATE TABLE workflow_versions (
      workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      document TEXT NOT NULL,
      -- JSON list of {name, type} an import could not map; the version does not run while non-empty.
      unsupported TEXT NOT NULL DEFAULT '[]',
      created_at INTEGER NOT NULL,
      PRIMARY KEY (workflow_id, version)
    ) WITHOUT ROWID;
  `,
};

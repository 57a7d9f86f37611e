import type { Migration } from './migration';

/**
 * n8n's workflow static data: what Code steps keep between executions through
 * `$getWorkflowStaticData('global' | 'node')`, and what Remove Duplicates has seen. One JSON
 * object per workflow (node '' for global) or per node.
 */
export const workflowStaticData: Migration = {
  version: 110,
  name: 'workflow_static_data',
  sql: `
    CREATE TABLE workflow_static_data (
      workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      node TEXT NOT NULL,
      data TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (workflow_id, node)
    ) WITHOUT ROWID;
  `,
};

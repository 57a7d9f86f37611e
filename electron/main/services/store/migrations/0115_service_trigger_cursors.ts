import type { Migration } from './migration';

/** Where each polling trigger of an API integration (Telegram, Gmail...) left off, so a restart neither misses nor repeats events. */
export const serviceTriggerCursors: Migration = {
  version: 115,
  name: 'service_trigger_cursors',
  sql: `
    CREATE TABLE service_trigger_cursors (
      workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      node_id TEXT NOT NULL,
      -- The node's parameters and connection as JSON: changing them starts afresh.
      config TEXT NOT NULL,
      cursor TEXT,
      polled_at INTEGER,
      PRIMARY KEY (workflow_id, node_id)
    ) WITHOUT ROWID;
  `,
};

import type { Migration } from './migration';

export const activityLog: Migration = {
  version: 1,
  name: 'activity_log',
  sql: `
    CREATE TABLE activity_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
      source TEXT NOT NULL,
      message TEXT NOT NULL
    );
    CREATE INDEX activity_log_at ON activity_log (at DESC);
  `,
};

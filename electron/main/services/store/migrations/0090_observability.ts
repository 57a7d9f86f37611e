import type { Migration } from './migration';

/**
 * Alert rules (global, or living with a workflow and deleted with it), the channels alerts go
 * to (secrets only as vault record names), every alert with its fired and resolved times, each
 * delivery's outcome, and observability settings (tracing, the scrape token's hash).
 */
export const observability: Migration = {
  version: 90,
  name: 'observability',
  sql: `
    CREATE TABLE alert_channels (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL CHECK (type IN ('desktop', 'slack', 'email', 'webhook', 'workflow')),
      config TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 1,
      notify_resolved INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE alert_rules (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      workflow_id TEXT REFERENCES workflows (id) ON DELETE CASCADE,
      threshold REAL NOT NULL,
      window_seconds INTEGER NOT NULL,
      cooldown_seconds INTEGER NOT NULL,
      min_samples INTEGER NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      channel_ids TEXT NOT NULL DEFAULT '[]',
      enabled INTEGER NOT NULL DEFAULT 1,
      builtin TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX alert_rules_workflow ON alert_rules (workflow_id) WHERE workflow_id IS NOT NULL;
    -- History outlives its rule: the rule's name and kind are copied in.
    CREATE TABLE alerts (
      id INTEGER PRIMARY KEY,
      rule_id TEXT NOT NULL,
      rule_name TEXT NOT NULL,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      subject_key TEXT NOT NULL,
      subject_name TEXT NOT NULL,
      workflow_id TEXT,
      title TEXT NOT NULL,
      message TEXT NOT NULL,
      unit TEXT NOT NULL,
      value REAL NOT NULL,
      peak REAL NOT NULL,
      threshold REAL NOT NULL,
      fired_at INTEGER NOT NULL,
      resolved_at INTEGER,
      read_at INTEGER
    );
    CREATE INDEX alerts_rule_subject ON alerts (rule_id, subject_key, id);
    CREATE INDEX alerts_firing ON alerts (id) WHERE resolved_at IS NULL;
    CREATE INDEX alerts_workflow ON alerts (workflow_id, id) WHERE workflow_id IS NOT NULL;
    CREATE TABLE alert_deliveries (
      id INTEGER PRIMARY KEY,
      alert_id INTEGER REFERENCES alerts (id) ON DELETE CASCADE,
      channel_id TEXT NOT NULL,
      channel_name TEXT NOT NULL,
      event TEXT NOT NULL CHECK (event IN ('fired', 'resolved', 'test', 'digest')),
      at INTEGER NOT NULL,
      ok INTEGER NOT NULL,
      error TEXT
    );
    CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id) WHERE alert_id IS NOT NULL;
    CREATE INDEX alert_deliveries_channel ON alert_deliveries (channel_id, id);
    CREATE TABLE observability_settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `,
};

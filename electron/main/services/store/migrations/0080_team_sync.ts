import type { Migration } from './migration';

/**
 * Team sync's local state. Local SQLite stays the truth; these tables only remember what is
 * owed to the team and what the team last said:
 * - sync_control: one row. `applying` = 1 while a remote change is written, so the outbox
 *   triggers (installed per synced kind by sync/outbox-triggers) do not echo it back; the
 *   project, the active organization and the signed-in person, which triggers stamp on outbox
 *   and audit rows.
 * - sync_outbox: one row per changed entity (coalesced), written by triggers in the same
 *   transaction as the change; `revision` grows with each change so a push completing after a
 *   newer edit leaves that edit queued.
 * - sync_shadow: the server's version and row as this data dir last saw them: the base of
 *   optimistic pushes and of three-way merges.
 * - sync_conflicts: edits to the same field on both sides, kept until a person chooses.
 * - sync_cursor: the pull checkpoint (server version, kind, id) per organization.
 * - audit_log: every change to shared state and every credential touch, local first; entries
 *   recorded while signed in carry the organization and are pushed to the team's log.
 * - team_execution_summaries: runs of shared workflows and agent tasks, from everyone.
 */
export const teamSync: Migration = {
  version: 80,
  name: 'team_sync',
  sql: `
    CREATE TABLE sync_control (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      applying INTEGER NOT NULL DEFAULT 0,
      -- The Supabase project (its anon key is public by design: RLS guards the data).
      project_url TEXT,
      anon_key TEXT,
      org_id TEXT,
      -- Remembered for offline starts: the organization's name and this person's role in it.
      org_name TEXT,
      org_role TEXT,
      actor_id TEXT,
      actor_email TEXT NOT NULL DEFAULT '',
      -- Names this data dir in the team (ids of run summaries, "ran on").
      instance_id TEXT NOT NULL DEFAULT (lower(hex(randomblob(6))))
    );
    INSERT INTO sync_control (id) VALUES (1);

    CREATE TABLE sync_outbox (
      kind TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      org_id TEXT NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
      revision INTEGER NOT NULL DEFAULT 1,
      changed_at TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rejected', 'conflict')),
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      PRIMARY KEY (kind, entity_id)
    ) WITHOUT ROWID;
    CREATE INDEX sync_outbox_pending ON sync_outbox (status, changed_at);

    CREATE TABLE sync_shadow (
      org_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      version INTEGER NOT NULL,
      row TEXT NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0,
      updated_by TEXT,
      updated_at TEXT,
      PRIMARY KEY (org_id, kind, entity_id)
    ) WITHOUT ROWID;

    CREATE TABLE sync_conflicts (
      id INTEGER PRIMARY KEY,
      org_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      name TEXT NOT NULL,
      base TEXT,
      local TEXT NOT NULL,
      remote TEXT NOT NULL,
      remote_version INTEGER NOT NULL,
      remote_by TEXT,
      merged TEXT NOT NULL,
      fields TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (org_id, kind, entity_id)
    );

    CREATE TABLE sync_cursor (
      org_id TEXT PRIMARY KEY,
      version INTEGER NOT NULL DEFAULT 0,
      kind TEXT,
      entity_id TEXT,
      pulled_at TEXT
    );

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      org_id TEXT,
      -- Remembered for offline starts: the organization's name and this person's role in it.
      org_name TEXT,
      org_role TEXT,
      actor_id TEXT,
      actor_email TEXT NOT NULL DEFAULT '',
      action TEXT NOT NULL,
      subject_kind TEXT,
      subject_id TEXT,
      subject_name TEXT,
      detail TEXT NOT NULL DEFAULT '{}',
      pushed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX audit_log_at ON audit_log (at DESC);
    CREATE INDEX audit_log_unpushed ON audit_log (org_id, id) WHERE pushed = 0 AND org_id IS NOT NULL;

    -- Every credential touch the vault records is in the audit log too (names, never values).
    CREATE TRIGGER audit_vault_access AFTER INSERT ON vault_audit
    BEGIN
      INSERT INTO audit_log (at, org_id, actor_id, actor_email, action, subject_kind, subject_id, subject_name, detail)
      SELECT NEW.at, org_id, actor_id, actor_email, 'secret.' || NEW.action, 'secret', NEW.record_id, NEW.record_name,
             json_object('accessor', NEW.accessor_kind || ':' || NEW.accessor_id)
      FROM sync_control WHERE id = 1;
    END;

    CREATE TABLE team_execution_summaries (
      org_id TEXT NOT NULL,
      id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('execution', 'agent_task')),
      subject_id TEXT NOT NULL,
      subject_name TEXT NOT NULL,
      status TEXT NOT NULL,
      runner TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      duration_ms INTEGER,
      error TEXT,
      updated_by TEXT,
      PRIMARY KEY (org_id, id)
    ) WITHOUT ROWID;
    CREATE INDEX team_execution_summaries_recent ON team_execution_summaries (org_id, finished_at DESC);
  `,
};

import type Database from 'better-sqlite3';
import type { ChangeTracker } from '../store/change-tracker';
import type { SyncRow } from './kinds/sync-kind';

export interface Control {
  projectUrl: string | null;
  anonKey: string | null;
  orgId: string | null;
  orgName: string | null;
  orgRole: string | null;
  actorId: string | null;
  actorEmail: string;
  instanceId: string;
}

export interface OutboxEntry {
  kind: string;
  entityId: string;
  orgId: string;
  op: 'upsert' | 'delete';
  revision: number;
  changedAt: string;
  status: 'pending' | 'rejected' | 'conflict';
  attempts: number;
  error: string | null;
}

export interface Shadow {
  version: number;
  row: SyncRow;
  deleted: boolean;
  updatedBy: string | null;
}

export interface Cursor {
  version: number;
  kind: string | null;
  entityId: string | null;
}

export interface StoredConflict {
  id: number;
  orgId: string;
  kind: string;
  entityId: string;
  name: string;
  base: SyncRow | null;
  local: SyncRow | null;
  remote: SyncRow | null;
  remoteVersion: number;
  remoteBy: string | null;
  merged: SyncRow | null;
  fields: string[][];
  createdAt: string;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** Named statements over team sync's local tables (migration 80). */
export class SyncStore {
  private readonly statements;

  constructor(
    readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      control: db.prepare(
        'SELECT project_url AS projectUrl, anon_key AS anonKey, org_id AS orgId, org_name AS orgName, org_role AS orgRole, actor_id AS actorId, actor_email AS actorEmail, instance_id AS instanceId FROM sync_control WHERE id = 1',
      ),
      setProject: db.prepare('UPDATE sync_control SET project_url = ?, anon_key = ? WHERE id = 1'),
      setActor: db.prepare('UPDATE sync_control SET actor_id = ?, actor_email = ? WHERE id = 1'),
      setOrg: db.prepare('UPDATE sync_control SET org_id = ?, org_name = ?, org_role = ? WHERE id = 1'),
      applying: db.prepare('UPDATE sync_control SET applying = ? WHERE id = 1'),
      pending: db.prepare(
        `SELECT kind, entity_id AS entityId, org_id AS orgId, op, revision, changed_at AS changedAt, status, attempts, error
         FROM sync_outbox WHERE org_id = ? AND status = 'pending' ORDER BY changed_at, kind, entity_id LIMIT ?`,
      ),
      outboxEntry: db.prepare(
        'SELECT kind, entity_id AS entityId, org_id AS orgId, op, revision, changed_at AS changedAt, status, attempts, error FROM sync_outbox WHERE kind = ? AND entity_id = ?',
      ),
      outboxByStatus: db.prepare(
        'SELECT kind, entity_id AS entityId, org_id AS orgId, op, revision, changed_at AS changedAt, status, attempts, error FROM sync_outbox WHERE org_id = ? AND status = ? ORDER BY changed_at',
      ),
      counts: db.prepare("SELECT status, count(*) AS n FROM sync_outbox WHERE org_id = ? GROUP BY status"),
      removeIfRevision: db.prepare('DELETE FROM sync_outbox WHERE kind = ? AND entity_id = ? AND revision = ?'),
      removeOutbox: db.prepare('DELETE FROM sync_outbox WHERE kind = ? AND entity_id = ?'),
      setStatus: db.prepare('UPDATE sync_outbox SET status = ?, error = ?, attempts = attempts + 1 WHERE kind = ? AND entity_id = ? AND revision = ?'),
      requeue: db.prepare(
        `INSERT INTO sync_outbox (kind, entity_id, org_id, op, changed_at) VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         ON CONFLICT (kind, entity_id) DO UPDATE SET op = excluded.op, org_id = excluded.org_id, revision = revision + 1, status = 'pending', error = NULL, attempts = 0`,
      ),
      shadow: db.prepare('SELECT version, row, deleted, updated_by AS updatedBy FROM sync_shadow WHERE org_id = ? AND kind = ? AND entity_id = ?'),
      setShadow: db.prepare(
        `INSERT INTO sync_shadow (org_id, kind, entity_id, version, row, deleted, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (org_id, kind, entity_id) DO UPDATE SET version = excluded.version, row = excluded.row, deleted = excluded.deleted, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
      cursor: db.prepare('SELECT version, kind, entity_id AS entityId FROM sync_cursor WHERE org_id = ?'),
      setCursor: db.prepare(
        `INSERT INTO sync_cursor (org_id, version, kind, entity_id, pulled_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (org_id) DO UPDATE SET version = excluded.version, kind = excluded.kind, entity_id = excluded.entity_id, pulled_at = excluded.pulled_at`,
      ),
      lastPulled: db.prepare('SELECT pulled_at FROM sync_cursor WHERE org_id = ?'),
      conflicts: db.prepare('SELECT * FROM sync_conflicts WHERE org_id = ? ORDER BY id'),
      conflict: db.prepare('SELECT * FROM sync_conflicts WHERE id = ?'),
      conflictFor: db.prepare('SELECT * FROM sync_conflicts WHERE org_id = ? AND kind = ? AND entity_id = ?'),
      saveConflict: db.prepare(
        `INSERT INTO sync_conflicts (org_id, kind, entity_id, name, base, local, remote, remote_version, remote_by, merged, fields, created_at)
         VALUES (@orgId, @kind, @entityId, @name, @base, @local, @remote, @remoteVersion, @remoteBy, @merged, @fields, @createdAt)
         ON CONFLICT (org_id, kind, entity_id) DO UPDATE SET name = excluded.name, base = excluded.base, local = excluded.local, remote = excluded.remote,
           remote_version = excluded.remote_version, remote_by = excluded.remote_by, merged = excluded.merged, fields = excluded.fields`,
      ),
      removeConflict: db.prepare('DELETE FROM sync_conflicts WHERE id = ?'),
      removeConflictFor: db.prepare('DELETE FROM sync_conflicts WHERE org_id = ? AND kind = ? AND entity_id = ?'),
      orgEntities: db.prepare('SELECT entity_id AS entityId FROM sync_shadow WHERE org_id = ? AND kind = ?'),
    };
  }

  control(): Control {
    return this.statements.control.get() as Control;
  }

  setProject(url: string | null, anonKey: string | null): void {
    this.statements.setProject.run(url, anonKey);
  }

  setActor(id: string | null, email: string): void {
    this.statements.setActor.run(id, email);
  }

  setOrg(org: { id: string; name: string; role: string } | null): void {
    this.statements.setOrg.run(org?.id ?? null, org?.name ?? null, org?.role ?? null);
  }

  private applyDepth = 0;

  /**
   * Runs `work` in one transaction with the outbox triggers muted: remote changes are not
   * echoed back. Nested calls join the outer one (a pulled page mutes once for all its rows).
   */
  applying<T>(work: () => T): T {
    // Joined without a savepoint: a failure inside rolls the outer transaction back anyway.
    if (this.applyDepth > 0) return work();
    return this.db.transaction(() => {
      this.applyDepth++;
      this.statements.applying.run(1);
      try {
        return work();
      } finally {
        this.applyDepth--;
        this.statements.applying.run(0);
      }
    })();
  }

  pending(orgId: string, limit: number): OutboxEntry[] {
    return this.statements.pending.all(orgId, limit) as OutboxEntry[];
  }

  outboxEntry(kind: string, entityId: string): OutboxEntry | undefined {
    return this.statements.outboxEntry.get(kind, entityId) as OutboxEntry | undefined;
  }

  outboxWithStatus(orgId: string, status: OutboxEntry['status']): OutboxEntry[] {
    return this.statements.outboxByStatus.all(orgId, status) as OutboxEntry[];
  }

  counts(orgId: string): Record<OutboxEntry['status'], number> {
    const counts = { pending: 0, rejected: 0, conflict: 0 };
    for (const row of this.statements.counts.all(orgId) as { status: OutboxEntry['status']; n: number }[]) counts[row.status] = row.n;
    return counts;
  }

  /** Done with a change, unless it was edited again meanwhile (then its newer revision stays queued). */
  pushed(entry: OutboxEntry): void {
    this.statements.removeIfRevision.run(entry.kind, entry.entityId, entry.revision);
    this.changes.touched('sync_outbox');
  }

  dropOutbox(kind: string, entityId: string): void {
    this.statements.removeOutbox.run(kind, entityId);
    this.changes.touched('sync_outbox');
  }

  mark(entry: OutboxEntry, status: OutboxEntry['status'], error: string | null): void {
    this.statements.setStatus.run(status, error, entry.kind, entry.entityId, entry.revision);
    this.changes.touched('sync_outbox');
  }

  requeue(kind: string, entityId: string, orgId: string, op: OutboxEntry['op']): void {
    this.statements.requeue.run(kind, entityId, orgId, op);
    this.changes.touched('sync_outbox');
  }

  shadow(orgId: string, kind: string, entityId: string): Shadow | undefined {
    const row = this.statements.shadow.get(orgId, kind, entityId) as { version: number; row: string; deleted: number; updatedBy: string | null } | undefined;
    return row && { version: row.version, row: JSON.parse(row.row) as SyncRow, deleted: row.deleted === 1, updatedBy: row.updatedBy };
  }

  setShadow(orgId: string, kind: string, entityId: string, shadow: Shadow): void {
    this.statements.setShadow.run(orgId, kind, entityId, shadow.version, JSON.stringify(shadow.row), shadow.deleted ? 1 : 0, shadow.updatedBy, new Date().toISOString());
  }

  shadowIds(orgId: string, kind: string): string[] {
    return (this.statements.orgEntities.all(orgId, kind) as { entityId: string }[]).map((row) => row.entityId);
  }

  cursor(orgId: string): Cursor {
    return (this.statements.cursor.get(orgId) as Cursor | undefined) ?? { version: 0, kind: null, entityId: null };
  }

  setCursor(orgId: string, cursor: Cursor): void {
    this.statements.setCursor.run(orgId, cursor.version, cursor.kind, cursor.entityId, new Date().toISOString());
  }

  lastPulledAt(orgId: string): string | undefined {
    return (this.statements.lastPulled.get(orgId) as { pulled_at: string | null } | undefined)?.pulled_at ?? undefined;
  }

  conflicts(orgId: string): StoredConflict[] {
    return (this.statements.conflicts.all(orgId) as Record<string, unknown>[]).map(fromConflictRow);
  }

  conflict(id: number): StoredConflict | undefined {
    const row = this.statements.conflict.get(id) as Record<string, unknown> | undefined;
    return row && fromConflictRow(row);
  }

  conflictFor(orgId: string, kind: string, entityId: string): StoredConflict | undefined {
    const row = this.statements.conflictFor.get(orgId, kind, entityId) as Record<string, unknown> | undefined;
    return row && fromConflictRow(row);
  }

  saveConflict(conflict: Omit<StoredConflict, 'id' | 'createdAt'>): void {
    this.statements.saveConflict.run({
      ...conflict,
      base: JSON.stringify(conflict.base),
      local: JSON.stringify(conflict.local),
      remote: JSON.stringify(conflict.remote),
      merged: JSON.stringify(conflict.merged),
      fields: JSON.stringify(conflict.fields),
      createdAt: new Date().toISOString(),
    });
    this.changes.touched('sync_conflicts');
  }

  removeConflict(id: number): void {
    this.statements.removeConflict.run(id);
    this.changes.touched('sync_conflicts');
  }

  removeConflictFor(orgId: string, kind: string, entityId: string): void {
    if (this.statements.removeConflictFor.run(orgId, kind, entityId).changes > 0) this.changes.touched('sync_conflicts');
  }
}

function fromConflictRow(row: Record<string, unknown>): StoredConflict {
  return {
    id: row.id as number,
    orgId: row.org_id as string,
    kind: row.kind as string,
    entityId: row.entity_id as string,
    name: row.name as string,
    base: parse<SyncRow>(row.base as string | null),
    local: parse<SyncRow>(row.local as string),
    remote: parse<SyncRow>(row.remote as string),
    remoteVersion: row.remote_version as number,
    remoteBy: (row.remote_by as string | null) ?? null,
    merged: parse<SyncRow>(row.merged as string),
    fields: JSON.parse(row.fields as string) as string[][],
    createdAt: row.created_at as string,
  };
}

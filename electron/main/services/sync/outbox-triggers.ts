import type Database from 'better-sqlite3';
import type { LocalSource, SyncKind } from './kinds/sync-kind';

/**
 * The triggers that put a local change into the outbox in the change's own transaction, and
 * into the audit log. They are generated from the registry (so a new kind needs no migration)
 * and installed at start; a trigger whose SQL changed is replaced.
 *
 * Muted while a remote change is applied (`sync_control.applying`). The outbox records only
 * while an organization is active; the audit log records always. An entity waiting on a
 * conflict stays in conflict when edited again: only the person's choice releases it.
 */

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

function outboxInsert(kind: string, key: string, op: 'upsert' | 'delete'): string {
  return `INSERT INTO sync_outbox (kind, entity_id, org_id, op, changed_at)
      SELECT '${kind}', ${key}, org_id, '${op}', ${NOW} FROM sync_control WHERE id = 1 AND org_id IS NOT NULL
      ON CONFLICT (kind, entity_id) DO UPDATE SET op = excluded.op, org_id = excluded.org_id, revision = revision + 1,
        changed_at = excluded.changed_at, status = CASE status WHEN 'conflict' THEN 'conflict' ELSE 'pending' END, error = NULL, attempts = 0;`;
}

function auditInsert(kind: string, action: string, source: LocalSource, row: 'NEW' | 'OLD'): string {
  if (!source.auditName) return '';
  return `INSERT INTO audit_log (at, org_id, actor_id, actor_email, action, subject_kind, subject_id, subject_name)
      SELECT ${NOW}, org_id, actor_id, actor_email, '${kind}.${action}', '${kind}', ${source.key(row)}, ${source.auditName(row)} FROM sync_control WHERE id = 1;`;
}

export function triggerStatements(kind: SyncKind): Map<string, string> {
  const source = kind.local;
  const statements = new Map<string, string>();
  if (!source) return statements;
  const operations = source.operations ?? ['insert', 'update', 'delete'];
  const muted = '(SELECT applying FROM sync_control WHERE id = 1) = 0';
  const extra = source.when ? ` AND (${source.when})` : '';
  const name = (op: string) => `sync_${kind.kind}_${op}`;
  if (operations.includes('insert')) {
    statements.set(
      name('insert'),
      `CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${source.table} WHEN ${muted}${extra}
    BEGIN
      ${outboxInsert(kind.kind, source.key('NEW'), 'upsert')}
      ${auditInsert(kind.kind, 'create', source, 'NEW')}
    END`,
    );
  }
  if (operations.includes('update')) {
    const renamed = `${source.key('OLD')} IS NOT ${source.key('NEW')}`;
    statements.set(
      name('update'),
      `CREATE TRIGGER ${name('update')} AFTER UPDATE OF ${source.columns.join(', ')} ON ${source.table} WHEN ${muted}${extra}
    BEGIN
      ${outboxInsert(kind.kind, source.key('NEW'), 'upsert')}
      ${outboxInsert(kind.kind, source.key('OLD'), 'delete').replace('WHERE id = 1', `WHERE id = 1 AND ${renamed}`)}
      ${auditInsert(kind.kind, 'update', source, 'NEW')}
    END`,
    );
  }
  if (operations.includes('delete')) {
    statements.set(
      name('delete'),
      `CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${source.table} WHEN ${muted}
    BEGIN
      ${outboxInsert(kind.kind, source.key('OLD'), 'delete')}
      ${auditInsert(kind.kind, 'delete', source, 'OLD')}
    END`,
    );
  }
  return statements;
}

/** Creates or replaces the triggers of every kind, in one transaction; removes those of kinds no longer registered. */
export function installTriggers(db: Database.Database, kinds: readonly SyncKind[]): void {
  const wanted = new Map<string, string>();
  for (const kind of kinds) for (const [name, sql] of triggerStatements(kind)) wanted.set(name, sql);
  const existing = new Map(
    (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'").all() as { name: string; sql: string }[]).map((row) => [row.name, row.sql]),
  );
  const changes = [...wanted].filter(([name, sql]) => existing.get(name) !== sql);
  const stale = [...existing.keys()].filter((name) => !wanted.has(name));
  if (changes.length === 0 && stale.length === 0) return;
  db.transaction(() => {
    for (const name of stale) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    for (const [name, sql] of changes) {
      db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      db.exec(sql);
    }
  })();
}

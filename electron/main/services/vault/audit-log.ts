import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry, AuditFilter } from '../../../../shared/contract/vault';
import type { Disposable } from '../../../../shared/lifecycle/disposable';
import type { SecretAccessor } from '../secrets/secret-source';
import type { ChangeTracker } from '../store/change-tracker';
import type { VaultRepository } from './vault-repository';

export interface AuditEvent {
  action: AuditAction;
  record?: { id: string; name: string };
  accessor: SecretAccessor;
  detail?: string;
}

interface AuditRow {
  id: number;
  at: string;
  action: AuditAction;
  record_name: string | null;
  accessor_kind: SecretAccessor['kind'];
  accessor_id: string;
  detail: string | null;
}

/** How many accessors a record remembers in "used by". */
const USED_BY_LIMIT = 20;

const likeEscape = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Who decrypted what, and when. Entries are queued and written together at the end of the
 * current tick, so a burst of decrypts costs one transaction rather than one fsync each;
 * every read of the log (and dispose, and lock) flushes first.
 */
export class VaultAuditLog implements Disposable {
  private pending: (AuditEvent & { at: string })[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly insert: Database.Statement;
  private readonly queries = new Map<string, { page: Database.Statement; count: Database.Statement; all: Database.Statement }>();
  private readonly writeBatch: (batch: (AuditEvent & { at: string })[]) => void;

  constructor(
    private readonly db: Database.Database,
    private readonly repository: VaultRepository,
    private readonly changes: ChangeTracker,
  ) {
    this.insert = db.prepare(
      'INSERT INTO vault_audit (at, action, record_id, record_name, accessor_kind, accessor_id, detail) VALUES (@at, @action, @record_id, @record_name, @accessor_kind, @accessor_id, @detail)',
    );
    this.writeBatch = db.transaction((batch: (AuditEvent & { at: string })[]) => {
      const used = new Map<string, { at: string; accessors: string[] }>();
      for (const event of batch) {
        this.insert.run({
          at: event.at,
          action: event.action,
          record_id: event.record?.id ?? null,
          record_name: event.record?.name ?? null,
          accessor_kind: event.accessor.kind,
          accessor_id: event.accessor.id,
          detail: event.detail ?? null,
        });
        if (event.record && (event.action === 'decrypt' || event.action === 'reveal' || (event.action === 'write' && event.accessor.kind !== 'user'))) {
          const entry = used.get(event.record.id) ?? { at: event.at, accessors: [] };
          entry.at = event.at;
          entry.accessors.unshift(`${event.accessor.kind}:${event.accessor.id}`);
          used.set(event.record.id, entry);
        }
      }
      for (const [id, { at, accessors }] of used) {
        const previous = this.repository.usedBy(id);
        if (previous === undefined) continue;
        const merged = [...new Set([...accessors, ...(JSON.parse(previous) as string[])])].slice(0, USED_BY_LIMIT);
        this.repository.markUsed(id, at, JSON.stringify(merged));
      }
    });
  }

  record(event: AuditEvent): void {
    this.pending.push({ ...event, at: new Date().toISOString() });
    this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending.length === 0 || !this.db.open) return;
    const batch = this.pending;
    this.pending = [];
    this.writeBatch(batch);
    this.changes.touched('vault_audit', 'vault_records');
  }

  private statementsFor(filter: AuditFilter) {
    const clauses: string[] = [];
    if (filter.name) clauses.push("record_name LIKE @name ESCAPE '\\'");
    if (filter.accessorKind) clauses.push('accessor_kind = @accessorKind');
    if (filter.accessorId) clauses.push("accessor_id LIKE @accessorId ESCAPE '\\'");
    if (filter.action) clauses.push('action = @action');
    if (filter.since) clauses.push('at >= @since');
    if (filter.until) clauses.push('at <= @until');
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    let statements = this.queries.get(where);
    if (!statements) {
      const columns = 'id, at, action, record_name, accessor_kind, accessor_id, detail';
      statements = {
        page: this.db.prepare(`SELECT ${columns} FROM vault_audit ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`),
        count: this.db.prepare(`SELECT count(*) FROM vault_audit ${where}`).pluck(),
        all: this.db.prepare(`SELECT ${columns} FROM vault_audit ${where} ORDER BY id DESC LIMIT @limit`),
      };
      this.queries.set(where, statements);
    }
    const params = {
      ...(filter.name ? { name: likeEscape(filter.name) } : {}),
      ...(filter.accessorKind ? { accessorKind: filter.accessorKind } : {}),
      ...(filter.accessorId ? { accessorId: likeEscape(filter.accessorId) } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.since ? { since: filter.since } : {}),
      ...(filter.until ? { until: filter.until } : {}),
    };
    return { statements, params };
  }

  query(filter: AuditFilter, limit: number, offset: number): { entries: AuditEntry[]; total: number } {
    this.flush();
    const { statements, params } = this.statementsFor(filter);
    const rows = statements.page.all({ ...params, limit, offset }) as AuditRow[];
    return { entries: rows.map(toEntry), total: statements.count.get(params) as number };
  }

  /** Every matching entry, newest first, up to `limit`. */
  all(filter: AuditFilter, limit = 100_000): AuditEntry[] {
    this.flush();
    const { statements, params } = this.statementsFor(filter);
    return (statements.all.all({ ...params, limit }) as AuditRow[]).map(toEntry);
  }

  dispose(): void {
    this.flush();
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    recordName: row.record_name ?? undefined,
    accessorKind: row.accessor_kind,
    accessorId: row.accessor_id,
    detail: row.detail ?? undefined,
  };
}

import type Database from 'better-sqlite3';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { TeamAuditEntry } from '../../../../../shared/contract/team';
import type { ChangeTracker } from '../../store/change-tracker';
import type { Json } from '../merge/three-way';

interface Row {
  id: number;
  at: string;
  actor_email: string;
  actor_id: string | null;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  subject_name: string | null;
  detail: string;
}

const likeEscape = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function toEntry(row: Row): TeamAuditEntry {
  return {
    id: String(row.id),
    at: row.at,
    actor: row.actor_email || 'this computer',
    action: row.action,
    subjectKind: row.subject_kind ?? undefined,
    subjectId: row.subject_id ?? undefined,
    subjectName: row.subject_name ?? undefined,
    detail: JSON.parse(row.detail) as Record<string, Json>,
  };
}

/**
 * The audit log: shared-state changes (recorded by the outbox triggers), credential touches
 * (mirrored from the vault's log) and team actions (sign-in, roles, conflicts). Local first;
 * entries recorded while signed in are pushed to the organization's insert-only log.
 */
export class TeamAuditLog {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    const where = `WHERE (@search IS NULL OR action LIKE @search ESCAPE '\\' OR subject_name LIKE @search ESCAPE '\\' OR actor_email LIKE @search ESCAPE '\\' OR detail LIKE @search ESCAPE '\\')`;
    this.statements = {
      record: db.prepare(
        `INSERT INTO audit_log (at, org_id, actor_id, actor_email, action, subject_kind, subject_id, subject_name, detail)
         SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), org_id, actor_id, actor_email, @action, @kind, @id, @name, @detail FROM sync_control WHERE id = 1`,
      ),
      page: db.prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`),
      count: db.prepare(`SELECT count(*) FROM audit_log ${where}`).pluck(),
      unpushed: db.prepare('SELECT * FROM audit_log WHERE org_id = ? AND actor_id = ? AND pushed = 0 ORDER BY id LIMIT ?'),
      markPushed: db.prepare('UPDATE audit_log SET pushed = 1 WHERE id = ?'),
    };
  }

  record(action: string, subject: { kind?: string; id?: string; name?: string } = {}, detail: Record<string, Json> = {}): void {
    this.statements.record.run({ action, kind: subject.kind ?? null, id: subject.id ?? null, name: subject.name ?? null, detail: JSON.stringify(detail) });
    this.changes.touched('audit_log');
  }

  list(search: string | undefined, limit: number, offset: number): { entries: TeamAuditEntry[]; total: number } {
    const params = { search: search ? likeEscape(search) : null, limit, offset };
    return { entries: (this.statements.page.all(params) as Row[]).map(toEntry), total: this.statements.count.get(params) as number };
  }

  /** Sends this person's entries of the organization to the team's log; a retry adds nothing twice. */
  async push(client: SupabaseClient, orgId: string, actorId: string, instanceId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = this.statements.unpushed.all(orgId, actorId, 500) as Row[];
      if (rows.length === 0) return total;
      const { error } = await client.rpc('audit_append', {
        org: orgId,
        entries: rows.map((row) => ({
          action: row.action,
          subject_kind: row.subject_kind,
          subject_id: row.subject_id,
          subject_name: row.subject_name,
          detail: JSON.parse(row.detail) as Json,
          occurred_at: row.at,
          client_entry: `${instanceId}:${row.id}`,
        })),
      });
      if (error) throw new Error(`Pushing the audit log failed: ${error.message}`);
      this.db.transaction(() => rows.forEach((row) => this.statements.markPushed.run(row.id)))();
      total += rows.length;
    }
  }

  /** The organization's log (admins only: RLS returns nothing to others). */
  async listTeam(client: SupabaseClient, orgId: string, search: string | undefined, limit: number, offset: number): Promise<{ entries: TeamAuditEntry[]; total: number }> {
    let query = client.from('audit_log').select('id, occurred_at, actor_email, action, subject_kind, subject_id, subject_name, detail', { count: 'exact' }).eq('org_id', orgId);
    if (search) {
      const pattern = `*${search.replace(/[,()*]/g, ' ')}*`;
      query = query.or(`action.ilike.${pattern},subject_name.ilike.${pattern},actor_email.ilike.${pattern}`);
    }
    const { data, error, count } = await query.order('occurred_at', { ascending: false }).range(offset, offset + limit - 1);
    if (error) throw new Error(`Reading the team's audit log failed: ${error.message}`);
    const entries = (data ?? []).map((row: Record<string, unknown>) => ({
      id: String(row.id),
      at: String(row.occurred_at),
      actor: String(row.actor_email || 'unknown'),
      action: String(row.action),
      subjectKind: (row.subject_kind as string | null) ?? undefined,
      subjectId: (row.subject_id as string | null) ?? undefined,
      subjectName: (row.subject_name as string | null) ?? undefined,
      detail: (row.detail as Record<string, Json>) ?? {},
    }));
    return { entries, total: count ?? entries.length };
  }
}

const CSV_COLUMNS = ['at', 'actor', 'action', 'subjectKind', 'subjectId', 'subjectName', 'detail'] as const;

function csvCell(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditToCsv(entries: TeamAuditEntry[]): string {
  return [CSV_COLUMNS.join(','), ...entries.map((entry) => CSV_COLUMNS.map((column) => csvCell(entry[column])).join(','))].join('\n') + '\n';
}

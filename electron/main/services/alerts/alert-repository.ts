import type Database from 'better-sqlite3';
import type { Alert, AlertSeverity, AlertUnit, Delivery } from '../../../../shared/contract/alerts';
import type { ChangeTracker } from '../store/change-tracker';
import type { OpenAlert } from './evaluator';

interface AlertRow {
  id: number;
  ruleId: string;
  ruleName: string;
  kind: string;
  severity: AlertSeverity;
  subjectKey: string;
  subjectName: string;
  workflowId: string | null;
  title: string;
  message: string;
  unit: AlertUnit;
  value: number;
  peak: number;
  threshold: number;
  firedAt: number;
  resolvedAt: number | null;
  readAt: number | null;
}

interface DeliveryRow {
  alertId: number | null;
  channelId: string;
  channelName: string;
  event: Delivery['event'];
  at: number;
  ok: number;
  error: string | null;
}

export type NewAlert = Omit<AlertRow, 'id' | 'resolvedAt' | 'readAt' | 'peak'>;

export interface AlertFilter {
  status: 'firing' | 'resolved' | 'all';
  search?: string;
  severity?: AlertSeverity;
  workflowId?: string;
  ruleId?: string;
  unread?: boolean;
  limit: number;
  before?: number;
}

const COLUMNS = `id, rule_id AS ruleId, rule_name AS ruleName, kind, severity, subject_key AS subjectKey, subject_name AS subjectName,
  workflow_id AS workflowId, title, message, unit, value, peak, threshold, fired_at AS firedAt, resolved_at AS resolvedAt, read_at AS readAt`;
/** History kept: older resolved alerts are dropped as new ones come. */
const KEPT_ALERTS = 10_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

function toDelivery(row: DeliveryRow): Delivery {
  return { channelId: row.channelId, channelName: row.channelName, event: row.event, at: new Date(row.at).toISOString(), ok: row.ok === 1, error: row.error };
}

/** Alerts (fired, resolved, read) and what each channel made of them. */
export class AlertRepository {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      insert: db.prepare(`INSERT INTO alerts (rule_id, rule_name, kind, severity, subject_key, subject_name, workflow_id, title, message, unit, value, peak, threshold, fired_at)
        VALUES (@ruleId, @ruleName, @kind, @severity, @subjectKey, @subjectName, @workflowId, @title, @message, @unit, @value, @value, @threshold, @firedAt)`),
      open: db.prepare('SELECT id, subject_key AS subjectKey, peak FROM alerts WHERE resolved_at IS NULL AND rule_id = ?'),
      allOpen: db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE resolved_at IS NULL ORDER BY id DESC`),
      lastResolved: db.prepare('SELECT max(resolved_at) AS at FROM alerts WHERE rule_id = ? AND subject_key = ? AND resolved_at IS NOT NULL'),
      resolve: db.prepare('UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL'),
      peak: db.prepare('UPDATE alerts SET peak = max(peak, ?) WHERE id = ?'),
      get: db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`),
      insertDelivery: db.prepare(`INSERT INTO alert_deliveries (alert_id, channel_id, channel_name, event, at, ok, error)
        VALUES (@alertId, @channelId, @channelName, @event, @at, @ok, @error)`),
      lastDelivery: db.prepare(`SELECT alert_id AS alertId, channel_id AS channelId, channel_name AS channelName, event, at, ok, error
        FROM alert_deliveries WHERE channel_id = ? ORDER BY id DESC LIMIT 1`),
      summary: db.prepare(`SELECT count(*) FILTER (WHERE resolved_at IS NULL) AS firing, count(*) FILTER (WHERE read_at IS NULL) AS unread,
        count(*) FILTER (WHERE resolved_at IS NULL AND severity = 'critical') AS critical, count(*) FILTER (WHERE resolved_at IS NULL AND severity = 'warning') AS warning,
        count(*) FILTER (WHERE resolved_at IS NULL AND severity = 'info') AS info FROM alerts`),
      readAll: db.prepare('UPDATE alerts SET read_at = ? WHERE read_at IS NULL'),
      prune: db.prepare(`DELETE FROM alerts WHERE resolved_at IS NOT NULL AND id <= (SELECT id FROM alerts ORDER BY id DESC LIMIT 1 OFFSET ${KEPT_ALERTS})`),
    };
  }

  insert(alert: NewAlert): number {
    const id = Number(this.statements.insert.run(alert).lastInsertRowid);
    if (id % 100 === 0) this.statements.prune.run();
    this.changes.touched('alerts');
    return id;
  }

  open(ruleId: string): OpenAlert[] {
    return this.statements.open.all(ruleId) as OpenAlert[];
  }

  firing(): Alert[] {
    return this.withDeliveries(this.statements.allOpen.all() as AlertRow[]);
  }

  lastResolvedAt(ruleId: string, subjectKey: string): number | undefined {
    return (this.statements.lastResolved.get(ruleId, subjectKey) as { at: number | null }).at ?? undefined;
  }

  resolve(id: number, at: number): boolean {
    const changed = this.statements.resolve.run(at, id).changes > 0;
    if (changed) this.changes.touched('alerts');
    return changed;
  }

  raisePeak(id: number, value: number): void {
    this.statements.peak.run(value, id);
  }

  get(id: number): Alert | undefined {
    const row = this.statements.get.get(id) as AlertRow | undefined;
    return row ? this.withDeliveries([row])[0] : undefined;
  }

  recordDelivery(delivery: Omit<DeliveryRow, 'ok'> & { ok: boolean }): void {
    this.statements.insertDelivery.run({ ...delivery, ok: delivery.ok ? 1 : 0 });
    this.changes.touched('alert_deliveries');
  }

  lastDelivery(channelId: string): Delivery | null {
    const row = this.statements.lastDelivery.get(channelId) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  list(filter: AlertFilter): { items: Alert[]; nextBefore?: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    if (filter.status === 'firing') where.push('resolved_at IS NULL');
    if (filter.status === 'resolved') where.push('resolved_at IS NOT NULL');
    const equal = { severity: filter.severity, workflow_id: filter.workflowId, rule_id: filter.ruleId };
    for (const [column, value] of Object.entries(equal)) {
      if (value === undefined) continue;
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
    if (filter.unread) where.push('read_at IS NULL');
    if (filter.before) {
      where.push('id < @before');
      params.before = filter.before;
    }
    const words = (filter.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
    words.forEach((word, index) => {
      // Every word must appear somewhere: title, message, rule or subject.
      where.push(`(title LIKE @w${index} ESCAPE '\\' OR message LIKE @w${index} ESCAPE '\\' OR rule_name LIKE @w${index} ESCAPE '\\' OR subject_name LIKE @w${index} ESCAPE '\\')`);
      params[`w${index}`] = `%${escapeLike(word)}%`;
    });
    const sql = `SELECT ${COLUMNS} FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as AlertRow[];
    return { items: this.withDeliveries(rows), nextBefore: rows.length === filter.limit ? rows.at(-1)!.id : undefined };
  }

  summary(): { firing: number; unread: number; critical: number; warning: number; info: number } {
    return this.statements.summary.get() as { firing: number; unread: number; critical: number; warning: number; info: number };
  }

  markRead(ids: readonly number[] | 'all', at: number): number {
    const changed =
      ids === 'all'
        ? this.statements.readAll.run(at).changes
        : ids.length === 0
          ? 0
          : this.db.prepare(`UPDATE alerts SET read_at = ? WHERE read_at IS NULL AND id IN (${ids.map(() => '?').join(', ')})`).run(at, ...ids).changes;
    if (changed > 0) this.changes.touched('alerts');
    return changed;
  }

  private withDeliveries(rows: AlertRow[]): Alert[] {
    if (rows.length === 0) return [];
    const deliveries = this.db
      .prepare(
        `SELECT alert_id AS alertId, channel_id AS channelId, channel_name AS channelName, event, at, ok, error FROM alert_deliveries
         WHERE alert_id IN (${rows.map(() => '?').join(', ')}) ORDER BY id`,
      )
      .all(...rows.map((row) => row.id)) as DeliveryRow[];
    const byAlert = new Map<number, Delivery[]>();
    for (const delivery of deliveries) byAlert.set(delivery.alertId!, [...(byAlert.get(delivery.alertId!) ?? []), toDelivery(delivery)]);
    return rows.map((row) => ({
      ...row,
      firedAt: iso(row.firedAt)!,
      resolvedAt: iso(row.resolvedAt),
      readAt: iso(row.readAt),
      deliveries: byAlert.get(row.id) ?? [],
    }));
  }
}

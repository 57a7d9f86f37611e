import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { AlertRule, AlertRuleInput, AlertSeverity } from '../../../../shared/contract/alerts';
import type { ChangeTracker } from '../store/change-tracker';

export type ParsedRule = z.output<typeof AlertRuleInput>;
export type StoredRule = Omit<AlertRule, 'firing'>;

interface Row {
  id: string;
  name: string;
  kind: string;
  workflowId: string | null;
  threshold: number;
  windowSeconds: number;
  cooldownSeconds: number;
  minSamples: number;
  severity: AlertSeverity;
  channelIds: string;
  enabled: number;
  builtin: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `id, name, kind, workflow_id AS workflowId, threshold, window_seconds AS windowSeconds, cooldown_seconds AS cooldownSeconds,
  min_samples AS minSamples, severity, channel_ids AS channelIds, enabled, builtin, created_at AS createdAt, updated_at AS updatedAt`;

const toRule = (row: Row): StoredRule => ({ ...row, enabled: row.enabled === 1, channelIds: JSON.parse(row.channelIds) as string[] });

/** Alert rules, global or living with a workflow (deleted with it). */
export class RuleRepository {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      all: db.prepare(`SELECT ${COLUMNS} FROM alert_rules ORDER BY workflow_id IS NOT NULL, created_at, name`),
      get: db.prepare(`SELECT ${COLUMNS} FROM alert_rules WHERE id = ?`),
      insert: db.prepare(`INSERT INTO alert_rules (id, name, kind, workflow_id, threshold, window_seconds, cooldown_seconds, min_samples, severity, channel_ids, enabled, builtin, created_at, updated_at)
        VALUES (@id, @name, @kind, @workflowId, @threshold, @windowSeconds, @cooldownSeconds, @minSamples, @severity, @channelIds, @enabled, @builtin, @now, @now)`),
      update: db.prepare(`UPDATE alert_rules SET name = @name, kind = @kind, workflow_id = @workflowId, threshold = @threshold, window_seconds = @windowSeconds,
        cooldown_seconds = @cooldownSeconds, min_samples = @minSamples, severity = @severity, channel_ids = @channelIds, enabled = @enabled, updated_at = @now WHERE id = @id`),
      remove: db.prepare('DELETE FROM alert_rules WHERE id = ?'),
    };
  }

  all(): StoredRule[] {
    return (this.statements.all.all() as Row[]).map(toRule);
  }

  find(id: string): StoredRule | undefined {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? toRule(row) : undefined;
  }

  save(rule: ParsedRule, builtin: string | null = null): StoredRule {
    const now = new Date().toISOString();
    const id = rule.id ?? `rule-${randomUUID().slice(0, 8)}`;
    const values = { ...rule, id, channelIds: JSON.stringify(rule.channelIds), enabled: rule.enabled ? 1 : 0, now };
    if (this.find(id)) this.statements.update.run(values);
    else this.statements.insert.run({ ...values, builtin });
    this.changes.touched('alert_rules');
    return this.find(id)!;
  }

  remove(id: string): boolean {
    const removed = this.statements.remove.run(id).changes > 0;
    if (removed) this.changes.touched('alert_rules');
    return removed;
  }

  /** Takes a deleted channel off every rule that sent to it. */
  dropChannel(channelId: string): void {
    for (const rule of this.all()) {
      if (!rule.channelIds.includes(channelId)) continue;
      this.save({ ...rule, channelIds: rule.channelIds.filter((id) => id !== channelId) });
    }
  }
}


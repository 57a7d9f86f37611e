import type Database from 'better-sqlite3';
import type { HealthSnapshot } from '../../../../shared/contract';
import type { ChangeTracker } from '../store/change-tracker';

const CHECKS_KEPT = 500;

interface Row {
  at: string;
  ok: number;
  latency_ms: number | null;
  error: string | null;
}

/** Health check results per server (ping latency and success), the most recent few hundred kept. */
export class HealthMetrics {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      insert: db.prepare('INSERT INTO mcp_health (server_id, at, ok, latency_ms, error) VALUES (?, ?, ?, ?, ?)'),
      trim: db.prepare<[string, string, number]>(
        'DELETE FROM mcp_health WHERE server_id = ? AND id <= (SELECT id FROM mcp_health WHERE server_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
      ),
      recent: db.prepare<[string, number], Row>('SELECT at, ok, latency_ms, error FROM mcp_health WHERE server_id = ? ORDER BY id DESC LIMIT ?'),
    };
  }

  record(serverId: string, check: HealthSnapshot): void {
    this.statements.insert.run(serverId, check.at, check.ok ? 1 : 0, check.latencyMs, check.error);
    this.statements.trim.run(serverId, serverId, CHECKS_KEPT);
    this.changes.touched('mcp_health');
  }

  recent(serverId: string, limit: number): { checks: HealthSnapshot[]; successRate: number | null; p50LatencyMs: number | null } {
    const checks = this.statements.recent
      .all(serverId, limit)
      .map((row) => ({ at: row.at, ok: row.ok === 1, latencyMs: row.latency_ms, error: row.error }));
    if (checks.length === 0) return { checks, successRate: null, p50LatencyMs: null };
    const latencies = checks.flatMap((check) => (check.ok && check.latencyMs !== null ? [check.latencyMs] : [])).sort((a, b) => a - b);
    return {
      checks,
      successRate: checks.filter((check) => check.ok).length / checks.length,
      p50LatencyMs: latencies.length > 0 ? latencies[Math.floor(latencies.length / 2)]! : null,
    };
  }
}

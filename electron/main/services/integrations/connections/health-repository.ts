import type Database from 'better-sqlite3';
import type { HealthSample } from '../../../../../shared/contract';
import type { ChangeTracker } from '../../store/change-tracker';

/** A day of samples at the default 30 s interval; older ones are dropped as new ones come. */
export const HEALTH_SAMPLES_KEPT = 2880;

interface Row {
  at: string;
  ok: number;
  response_ms: number;
  http_status: number | null;
  error: string | null;
}

/** Health-check samples per connection: response time, success, error. */
export class HealthRepository {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
    private readonly redact: (text: string) => string,
  ) {
    this.statements = {
      insert: db.prepare(`INSERT INTO integration_health (connection_id, at, ok, response_ms, http_status, error)
        SELECT @id, @at, @ok, @responseMs, @httpStatus, @error WHERE EXISTS (SELECT 1 FROM integration_connections WHERE id = @id)`),
      prune: db.prepare(`DELETE FROM integration_health WHERE connection_id = ? AND id <= (
        SELECT id FROM integration_health WHERE connection_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${HEALTH_SAMPLES_KEPT})`),
      recent: db.prepare('SELECT at, ok, response_ms, http_status, error FROM integration_health WHERE connection_id = ? ORDER BY id DESC LIMIT ?'),
    };
  }

  record(connectionId: string, sample: HealthSample): void {
    const { insert, prune } = this.statements;
    const error = sample.error === null ? null : this.redact(sample.error);
    insert.run({ id: connectionId, at: sample.at, ok: sample.ok ? 1 : 0, responseMs: sample.responseMs, httpStatus: sample.httpStatus, error });
    prune.run(connectionId, connectionId);
    this.changes.touched('integration_health');
  }

  /** The latest samples, oldest first (as a chart draws them). */
  recent(connectionId: string, limit: number): HealthSample[] {
    const rows = this.statements.recent.all(connectionId, limit) as Row[];
    return rows.reverse().map((row) => ({ at: row.at, ok: row.ok === 1, responseMs: row.response_ms, httpStatus: row.http_status, error: row.error }));
  }
}

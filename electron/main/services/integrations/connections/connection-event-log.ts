import type Database from 'better-sqlite3';
import type { ConnectionEvent } from '../../../../../shared/contract';
import type { ChangeTracker } from '../../store/change-tracker';

export const EVENTS_KEPT = 1000;

/** What happened to each connection (created, tested, refreshed, rate limited...), every message redacted. */
export class ConnectionEventLog {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
    private readonly redact: (text: string) => string,
  ) {
    this.statements = {
      // A late event for a connection deleted meanwhile is dropped, not an error.
      insert: db.prepare(`INSERT INTO integration_events (connection_id, at, level, kind, message)
        SELECT @id, @at, @level, @kind, @message WHERE EXISTS (SELECT 1 FROM integration_connections WHERE id = @id)`),
      prune: db.prepare(`DELETE FROM integration_events WHERE connection_id = ? AND id <= (
        SELECT id FROM integration_events WHERE connection_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${EVENTS_KEPT})`),
      recent: db.prepare('SELECT id, at, level, kind, message FROM integration_events WHERE connection_id = ? ORDER BY id DESC LIMIT ?'),
    };
  }

  record(connectionId: string, level: ConnectionEvent['level'], kind: string, message: string): void {
    this.statements.insert.run({ id: connectionId, at: new Date().toISOString(), level, kind, message: this.redact(message) });
    this.statements.prune.run(connectionId, connectionId);
    this.changes.touched('integration_events');
  }

  recent(connectionId: string, limit: number): ConnectionEvent[] {
    return this.statements.recent.all(connectionId, limit) as ConnectionEvent[];
  }
}

import type Database from 'better-sqlite3';
import type { ActivityEntry } from '../../../../shared/contract';
import type { ChangeTracker } from '../store/change-tracker';

type Level = ActivityEntry['level'];

/** Notable things that happened, newest first on the dashboard. Messages pass through the redactor. */
export class ActivityLog {
  private readonly insert: Database.Statement;
  private readonly recent: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
    private readonly redact: (text: string) => string = (text) => text,
  ) {
    this.insert = db.prepare('INSERT INTO activity_log (at, level, source, message) VALUES (?, ?, ?, ?)');
    this.recent = db.prepare('SELECT id, at, level, source, message FROM activity_log ORDER BY id DESC LIMIT ?');
  }

  record(level: Level, source: string, message: string): void {
    this.insert.run(new Date().toISOString(), level, source, this.redact(message));
    this.changes.touched('activity_log');
  }

  list(limit: number): ActivityEntry[] {
    return this.recent.all(limit) as ActivityEntry[];
  }
}

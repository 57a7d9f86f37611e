import type Database from 'better-sqlite3';
import type { ChangeTracker } from '../store/change-tracker';

/** Observability's small settings: one row per key in `observability_settings`. */
export class KeyValues {
  private readonly statements;

  constructor(
    db: Database.Database,
    private readonly changes: ChangeTracker,
  ) {
    this.statements = {
      get: db.prepare('SELECT value FROM observability_settings WHERE key = ?'),
      set: db.prepare('INSERT INTO observability_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      remove: db.prepare('DELETE FROM observability_settings WHERE key = ?'),
    };
  }

  get(key: string): string | undefined {
    return (this.statements.get.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.statements.set.run(key, value);
    this.changes.touched('observability_settings');
  }

  remove(key: string): boolean {
    const removed = this.statements.remove.run(key).changes > 0;
    if (removed) this.changes.touched('observability_settings');
    return removed;
  }
}

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Migration } from './migrations';
import { StoreError } from './store-error';

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** Applies pending migrations, each in its own transaction, after checking applied ones are unchanged. */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Map(
    (db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as AppliedRow[]).map((row) => [row.version, row]),
  );
  for (const migration of migrations) {
    const row = applied.get(migration.version);
    if (row && row.checksum !== checksum(migration.sql)) {
      throw new StoreError(
        'migration_changed',
        `Migration ${migration.version} (${migration.name}) differs from the one applied to ${file}. Applied migrations must never be edited: add a new one instead.`,
      );
    }
  }
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      insert.run(migration.version, migration.name, checksum(migration.sql), new Date().toISOString());
      // Versions are numbered in ranges per domain, so a late migration may be lower than the current one.
      const current = db.pragma('user_version', { simple: true }) as number;
      db.pragma(`user_version = ${Math.max(current, migration.version)}`);
    });
    try {
      apply();
    } catch (error) {
      throw new StoreError(
        'migration_failed',
        `Migration ${migration.version} (${migration.name}) failed on ${file}: ${(error as Error).message}. The database was left at the previous version.`,
        { cause: error },
      );
    }
  }
  return db.pragma('user_version', { simple: true }) as number;
}

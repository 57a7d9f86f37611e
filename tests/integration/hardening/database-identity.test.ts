import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ECHELON_APPLICATION_ID } from '../../../electron/main/services/store/database';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../electron/main/services/store/migrations';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp-dir';

const hash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A data dir whose echelon.db the real CLI created, then closed. */
function echelonDataDir(): { dir: string; file: string } {
  const dir = tempDir();
  const created = runCli(['--data-dir', dir, 'status', '--json']);
  expect(created.status, created.stderr).toBe(0);
  return { dir, file: path.join(dir, 'echelon.db') };
}

function edit(file: string, change: (db: Database.Database) => void): void {
  const db = new Database(file);
  change(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('which SQLite files Echelon opens', () => {
  it('refuses a database that recorded a migration this version does not know, even below its own highest, and leaves it untouched', () => {
    const { dir, file } = echelonDataDir();
    // A newer Echelon's migration 15 in a lower domain: user_version alone stays at this version's highest.
    expect(migrations.some((migration) => migration.version === 15)).toBe(false);
    edit(file, (db) => {
      db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (15, ?, ?, ?)').run('future_notes', 'x', new Date().toISOString());
      db.exec('CREATE TABLE future_notes (body TEXT)');
    });
    expect((new Database(file, { readonly: true }).pragma('user_version', { simple: true }) as number)).toBe(LATEST_SCHEMA_VERSION);
    const before = hash(file);
    const result = runCli(['--data-dir', dir, 'status']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/newer Echelon \(migration 15 \(future_notes\), which this version does not know\).*left untouched/);
    expect(hash(file)).toBe(before);
  });

  it("refuses another program's SQLite file by name and leaves it untouched", () => {
    const dir = tempDir();
    const file = path.join(dir, 'echelon.db');
    edit(file, (db) => {
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')");
      db.pragma('user_version = 3');
    });
    const before = hash(file);
    const result = runCli(['--data-dir', dir, 'status']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SQLite database of another program .*not Echelon's.*left untouched/);
    expect(hash(file)).toBe(before);
  });

  it('marks its databases with its application id, and adopts one made before the id existed', () => {
    const { dir, file } = echelonDataDir();
    expect(new Database(file, { readonly: true }).pragma('application_id', { simple: true })).toBe(ECHELON_APPLICATION_ID);
    edit(file, (db) => db.pragma('application_id = 0'));
    const reopened = runCli(['--data-dir', dir, 'status', '--json']);
    expect(reopened.status, reopened.stderr).toBe(0);
    expect(new Database(file, { readonly: true }).pragma('application_id', { simple: true })).toBe(ECHELON_APPLICATION_ID);
  });
});

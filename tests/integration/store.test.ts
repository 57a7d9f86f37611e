import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ECHELON_APPLICATION_ID, openDatabase } from '../../electron/main/services/store/database';
import { migrations } from '../../electron/main/services/store/migrations';
import { Store } from '../../electron/main/services/store/store';
import { StoreError } from '../../electron/main/services/store/store-error';
import { tempDir } from '../helpers/temp-dir';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectStoreError(fn: () => unknown, kind: StoreError['kind']): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe(kind);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('store', () => {
  it('creates the database with WAL, foreign keys and every migration applied', () => {
    const dir = tempDir();
    const store = new Store(dir);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(store.schemaVersion).toBe(migrations.at(-1)!.version);
    const recorded = store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(recorded).toEqual(migrations.map((m) => m.version));
    store.close();
  });

  it('opens an existing database again without re-running migrations', () => {
    const dir = tempDir();
    const first = new Store(dir);
    first.db.prepare("INSERT INTO activity_log (at, level, source, message) VALUES ('x', 'info', 't', 'kept')").run();
    first.close();
    const second = new Store(dir);
    expect(second.counts().activity_log).toBe(1);
    second.close();
  });

  it('applies a new migration in a transaction and rolls back a failing one', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    openDatabase(file).db.close();
    const broken = [...migrations, { version: 99, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); CREATE TABLE oops (' }];
    const error = expectStoreError(() => openDatabase(file, broken), 'migration_failed');
    expect(error.message).toContain('Migration 99 (broken) failed');
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer schema and leaves the file untouched', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 9999');
    // A newer Echelon's database carries Echelon's application id.
    db.pragma(`application_id = ${ECHELON_APPLICATION_ID}`);
    db.exec('CREATE TABLE future (id INTEGER)');
    db.close();
    const before = sha(file);
    const error = expectStoreError(() => openDatabase(file), 'too_new');
    expect(error.message).toMatch(/newer Echelon \(schema 9999; this version knows up to \d+\).*left untouched/);
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('reports a corrupt file and leaves it untouched', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    fs.writeFileSync(file, Buffer.from('this is not sqlite at all, just some bytes '.repeat(200)));
    const before = sha(file);
    const error = expectStoreError(() => openDatabase(file), 'corrupt');
    expect(error.message).toContain('damaged');
    expect(sha(file)).toBe(before);
  });

  it('refuses to run when an applied migration was edited', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    openDatabase(file).db.close();
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql} -- edited` } : m));
    expectStoreError(() => openDatabase(file, edited), 'migration_changed');
  });

  it('loads better-sqlite3 from an explicit addon path (how the desktop app in development gets its Electron build)', () => {
    const addon = path.join(process.cwd(), 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const store = new Store(tempDir(), undefined, addon);
    expect(store.schemaVersion).toBeGreaterThan(0);
    store.close();
    expect(() => new Store(tempDir(), undefined, path.join(tempDir(), 'missing.node'))).toThrow();
  });

  it('explains an unwritable data dir', () => {
    const parentIsAFile = path.join(tempDir(), 'file');
    fs.writeFileSync(parentIsAFile, '');
    const error = expectStoreError(() => new Store(path.join(parentIsAFile, 'data')), 'unwritable');
    expect(error.message).toMatch(/Cannot use data dir .*not writable \(ENOTDIR\).*--data-dir/);
  });

  it('explains a data dir without write permission', (ctx) => {
    ctx.skip(process.getuid?.() === 0, 'running as root, which writes through any file mode, so no folder here is read-only');
    const dir = tempDir();
    fs.chmodSync(dir, 0o500);
    try {
      expectStoreError(() => new Store(dir), 'unwritable');
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });
});

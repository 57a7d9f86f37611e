import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, migrations as allMigrations, type Migration } from './migrations';
import { migrate } from './migrator';
import { StoreError } from './store-error';

export interface OpenedDatabase {
  db: Database.Database;
  schemaVersion: number;
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** better-sqlite3, loading the addon it was handed; one that cannot load is named, not taken for a bad database. */
function connect(file: string, options: Database.Options, nativeBinding: string | undefined): Database.Database {
  try {
    return new Database(file, { ...options, nativeBinding });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (nativeBinding && !code.startsWith('SQLITE_')) {
      throw new StoreError(
        'driver',
        `The SQLite driver at ${nativeBinding} (ECHELON_SQLITE_BINDING) cannot be loaded: ${(error as Error).message.split('\n')[0]}. Unset the variable to use the one Echelon ships with.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Reads an existing file without writing to it, so a database we must refuse (too new,
 * corrupt) is left exactly as it was.
 */
function inspectExisting(file: string, latest: number, nativeBinding: string | undefined): void {
  let db: Database.Database | undefined;
  try {
    db = connect(file, { readonly: true, fileMustExist: true }, nativeBinding);
    // Reading the schema touches the header and the first page: enough to tell a database from garbage.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new StoreError(
        'too_new',
        `The database at ${file} was written by a newer Echelon (schema ${version}; this version knows up to ${latest}). Update Echelon, or use another data dir. The file was left untouched.`,
      );
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (CORRUPT_CODES.has(code)) {
      throw new StoreError(
        'corrupt',
        `The database at ${file} is damaged or is not an Echelon database (${code}). It was left untouched: restore it from a backup, or move it aside to start fresh.`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    db?.close();
  }
}

/** Opens (or creates) the store: WAL, foreign keys, then every pending migration. */
/**
 * `nativeBinding`: better-sqlite3's compiled addon to load instead of the one in node_modules.
 * `npm start` builds one for Electron's ABI (node_modules keeps the one the tests' Node needs).
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations, nativeBinding?: string): OpenedDatabase {
  const latest = Math.max(LATEST_SCHEMA_VERSION, ...migrations.map((migration) => migration.version));
  const isNew = !fs.existsSync(file) || fs.statSync(file).size === 0;
  if (!isNew) inspectExisting(file, latest, nativeBinding);

  const db = connect(file, {}, nativeBinding);
  try {
    // Incremental auto-vacuum only takes effect before the first table exists.
    if (isNew) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const schemaVersion = migrate(db, migrations, file);
    return { db, schemaVersion };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Row counts of every table of ours, for `echelon status`. */
export function countRows(db: Database.Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]));
}

import fs from 'node:fs';
import Database from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations';
import { migrate } from './migrator';
import { StoreError } from './store-error';

export interface OpenedDatabase {
  db: Database.Database;
  schemaVersion: number;
}

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** `PRAGMA application_id` of every Echelon database ("ECHL"): how a file says it is ours. */
export const ECHELON_APPLICATION_ID = 0x4543484c;

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
function inspectExisting(file: string, migrations: readonly Migration[], nativeBinding: string | undefined): void {
  let db: Database.Database | undefined;
  try {
    db = connect(file, { readonly: true, fileMustExist: true }, nativeBinding);
    // Reading the schema touches the header and the first page: enough to tell a database from garbage.
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
    checkIdentity(db, file, tables);
    checkKnownMigrations(db, file, migrations);
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

/**
 * Ours, by its application id; or an Echelon database from before the id (its migrations table
 * says so, and it gets the id); or an empty file. Anything else is another program's database.
 */
function checkIdentity(db: Database.Database, file: string, tables: number): void {
  const id = db.pragma('application_id', { simple: true }) as number;
  if (id === ECHELON_APPLICATION_ID || tables === 0) return;
  const hasMigrations = id === 0 && (db.prepare("SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name IN ('version', 'name', 'checksum', 'applied_at')").pluck().get() as number) === 4;
  if (hasMigrations) return;
  throw new StoreError(
    'foreign',
    `The file at ${file} is a SQLite database of another program (application id ${id}${id === 0 ? ', and no Echelon migrations table' : ''}), not Echelon's. It was left untouched: use another data dir, or move the file aside.`,
  );
}

/**
 * Versions are numbered in ranges per domain, so a newer Echelon may add a migration below
 * this version's highest: every recorded migration must be one this version knows.
 */
function checkKnownMigrations(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  const latest = Math.max(0, ...migrations.map((migration) => migration.version));
  const known = new Set(migrations.map((migration) => migration.version));
  const hasTable = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get() as number;
  const recorded = hasTable ? (db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>) : [];
  const unknown = recorded.filter((row) => !known.has(row.version));
  const version = db.pragma('user_version', { simple: true }) as number;
  if (unknown.length === 0 && version <= latest) return;
  const which = unknown.length > 0 ? `migration${unknown.length > 1 ? 's' : ''} ${unknown.map((row) => `${row.version} (${row.name})`).join(', ')}, which this version does not know` : `schema ${version}; this version knows up to ${latest}`;
  throw new StoreError('too_new', `The database at ${file} was written by a newer Echelon (${which}). Update Echelon, or use another data dir. The file was left untouched.`);
}

/** Opens (or creates) the store: WAL, foreign keys, then every pending migration. */
/**
 * `nativeBinding`: better-sqlite3's compiled addon to load instead of the one in node_modules.
 * `npm start` builds one for Electron's ABI (node_modules keeps the one the tests' Node needs).
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations, nativeBinding?: string): OpenedDatabase {
  const isNew = !fs.existsSync(file) || fs.statSync(file).size === 0;
  if (!isNew) inspectExisting(file, migrations, nativeBinding);

  const db = connect(file, {}, nativeBinding);
  try {
    // Incremental auto-vacuum only takes effect before the first table exists.
    if (isNew) db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const schemaVersion = migrate(db, migrations, file);
    if (db.pragma('application_id', { simple: true }) !== ECHELON_APPLICATION_ID) db.pragma(`application_id = ${ECHELON_APPLICATION_ID}`);
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

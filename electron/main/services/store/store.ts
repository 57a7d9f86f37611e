import path from 'node:path';
import type Database from 'better-sqlite3';
import { ChangeTracker } from './change-tracker';
import { countRows, openDatabase } from './database';
import { prepareDataDir } from './data-dir';
import { ensurePrivateFile } from './private-files';

export const DATABASE_FILE = 'echelon.db';

/** The local SQLite store: one database in the data dir, and the tracker repositories report writes to. */
export class Store {
  readonly db: Database.Database;
  readonly file: string;
  readonly schemaVersion: number;
  readonly changes: ChangeTracker;

  constructor(dataDir: string, onChange: (tables: string[]) => void = () => {}, nativeBinding?: string) {
    prepareDataDir(dataDir);
    this.file = path.join(dataDir, DATABASE_FILE);
    ensurePrivateFile(this.file);
    const opened = openDatabase(this.file, undefined, nativeBinding);
    this.db = opened.db;
    this.schemaVersion = opened.schemaVersion;
    this.changes = new ChangeTracker(onChange);
  }

  counts(): Record<string, number> {
    return countRows(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

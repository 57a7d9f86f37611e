import type { Migration } from './migration';

/** One engine per database: the process running it holds this row and renews it. */
export const engineLease: Migration = {
  version: 53,
  name: 'engine_lease',
  sql: `
    CREATE TABLE engine_lease (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      pid INTEGER NOT NULL,
      owner TEXT NOT NULL,
      acquired_at INTEGER NOT NULL,
      renewed_at INTEGER NOT NULL
    );
  `,
};

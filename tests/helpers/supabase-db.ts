import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { PostgresCluster } from './postgres';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'resources/supabase/migrations');
const AUTH_SCHEMA = path.join(ROOT, 'tests/fixtures/supabase/auth-schema.sql');

/** The migrations in the order the Supabase CLI applies them (by file name). */
export function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{14}_.+\.sql$/.test(name))
    .sort()
    .map((name) => path.join(MIGRATIONS_DIR, name));
}

/** A new database shaped like a Supabase project's, with Echelon's migrations applied. */
export async function createTeamDatabase(cluster: PostgresCluster): Promise<{ database: string; url: string }> {
  const database = await cluster.createDatabase();
  const client = new pg.Client({ connectionString: cluster.url(database) });
  await client.connect();
  try {
    await client.query(fs.readFileSync(AUTH_SCHEMA, 'utf8')).catch(async (error: { code?: string }) => {
      // Roles are cluster-wide: a second database on the same cluster finds them made.
      if (error.code !== '42710') throw error;
      await client.query(fs.readFileSync(AUTH_SCHEMA, 'utf8').replace(/^create role .*$/gm, ''));
    });
    for (const file of migrationFiles()) {
      try {
        await client.query(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`Migration ${path.basename(file)} failed: ${(error as Error).message}`, { cause: error });
      }
    }
  } finally {
    await client.end();
  }
  return { database, url: cluster.url(database) };
}

export interface Claims {
  sub: string;
  email?: string;
  role?: string;
  [key: string]: unknown;
}

/**
 * Runs `work` in a transaction as an API role with these JWT claims, as PostgREST does:
 * `SET LOCAL ROLE` and `request.jwt.claims`, so RLS and auth.uid() see the caller.
 */
export async function asRole<T>(client: pg.ClientBase, role: 'anon' | 'authenticated' | 'service_role', claims: Claims | null, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    await client.query(`set local role ${role}`);
    await client.query("select set_config('request.jwt.claims', $1, true)", [claims ? JSON.stringify({ role, ...claims }) : '']);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

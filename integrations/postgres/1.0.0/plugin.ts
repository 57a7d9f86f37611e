import pg from 'pg';
import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { DeleteParams, ExecuteQueryParams, InsertParams, PostgresConnection, SelectParams, UpdateParams, UpsertParams } from './manifest';
import { Parameters, parameterValue, quoteIdentifier, tableName, whereClause } from './sql';

type Context = ActionContext<z.output<typeof PostgresConnection>>;
type Row = Record<string, unknown>;

/** The connection's pool, kept across actions and closed when idle or when the connection changes. */
function pool(ctx: Context): Promise<pg.Pool> {
  return ctx.keep(
    'pool',
    () => {
      const config = ctx.connection!.config;
      const { username, password } = ctx.login();
      const created = new pg.Pool({
        host: config.host,
        port: config.port,
        database: config.database,
        user: username,
        password,
        ssl: config.ssl === 'disable' ? false : { rejectUnauthorized: config.ssl === 'verify-full' },
        max: config.maxConnections,
        statement_timeout: config.statementTimeoutMs,
        connectionTimeoutMillis: 15_000,
        idleTimeoutMillis: 30_000,
        application_name: 'Echelon',
      });
      // An idle client losing its server must not take the process down; the next query reconnects.
      created.on('error', () => {});
      return created;
    },
    (kept) => kept.end(),
  );
}

/** PostgreSQL's own words, with its SQLSTATE, as a clear error. */
function describe(error: unknown): never {
  if (error instanceof EchelonError) throw error;
  const pgError = error as { code?: string; message?: string; detail?: string; hint?: string; position?: string };
  const message = pgError.message ?? String(error);
  const extra = [pgError.detail, pgError.hint].filter(Boolean).join(' ');
  const code = pgError.code ?? '';
  const kind = code === '23505' ? 'conflict' : code.startsWith('28') ? 'forbidden' : code === '42P01' || code === '3D000' ? 'not_found' : code === '57014' ? 'timeout' : code.startsWith('08') || code === 'ECONNREFUSED' || code === 'ENOTFOUND' ? 'unavailable' : 'invalid_input';
  throw new EchelonError(kind, `PostgreSQL: ${message}${extra ? ` (${extra})` : ''}${code && /^[0-9A-Z]{5}$/.test(code) ? ` [${code}]` : ''}.`);
}

async function query(ctx: Context, text: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
  const kept = await pool(ctx);
  const client = await kept.connect().catch(describe);
  const backend = (client as unknown as { processID: number }).processID;
  let aborted = false;
  // A cancelled step cancels its statement on the server too, from another connection.
  const onAbort = () => {
    aborted = true;
    kept.query('SELECT pg_cancel_backend($1)', [backend]).catch(() => {});
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await client.query<Row>(text, values);
  } catch (error) {
    if (aborted) throw new EchelonError('cancelled', 'The query was cancelled.');
    return describe(error);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    client.release();
  }
}

/** Columns and placeholders for the values, in their order. */
function columnsOf(values: Row, parameters: Parameters): { names: string[]; placeholders: string[] } {
  const names = Object.keys(values);
  if (names.length === 0) throw new EchelonError('invalid_input', 'Give at least one column value.', { path: 'params.values' });
  return { names, placeholders: names.map((name) => parameters.add(values[name])) };
}

const returning = (wanted: boolean) => (wanted ? ' RETURNING *' : '');

/** The rows a write returned, or a summary when it returned none. */
function written(result: pg.QueryResult<Row>, wanted: boolean): Row[] {
  return wanted ? result.rows : [{ success: true, rowCount: result.rowCount ?? 0 }];
}

export default defineIntegrationCode({
  actions: {
    async executeQuery(params: z.output<typeof ExecuteQueryParams>, ctx: Context) {
      const result = await query(ctx, params.query, params.parameters.map(parameterValue));
      // A statement without a result set (INSERT without RETURNING, DDL) gives one summary item, as n8n does.
      if (result.fields.length === 0) return [{ success: true, command: result.command, rowCount: result.rowCount ?? 0 }];
      return result.rows;
    },
    async select(params: z.output<typeof SelectParams>, ctx: Context) {
      const parameters = new Parameters();
      let text = `SELECT * FROM ${tableName(params.schema, params.table)}${whereClause(params.where, params.combine, parameters)}`;
      if (params.orderBy.length > 0) text += ` ORDER BY ${params.orderBy.map((order) => `${quoteIdentifier(order.column)} ${order.direction.toUpperCase()}`).join(', ')}`;
      if (params.limit !== undefined) text += ` LIMIT ${parameters.add(params.limit)}`;
      return (await query(ctx, text, parameters.values)).rows;
    },
    async insert(params: z.output<typeof InsertParams>, ctx: Context) {
      const parameters = new Parameters();
      const { names, placeholders } = columnsOf(params.values, parameters);
      const text = `INSERT INTO ${tableName(params.schema, params.table)} (${names.map(quoteIdentifier).join(', ')}) VALUES (${placeholders.join(', ')})${returning(params.returning)}`;
      return written(await query(ctx, text, parameters.values), params.returning);
    },
    async update(params: z.output<typeof UpdateParams>, ctx: Context) {
      const missing = params.matchColumns.filter((column) => !(column in params.values));
      if (missing.length > 0) throw new EchelonError('invalid_input', `Give the value of ${missing.map((column) => `"${column}"`).join(', ')} in the values: it finds the row(s) to update.`, { path: 'params.values' });
      const parameters = new Parameters();
      const set = Object.keys(params.values).filter((column) => !params.matchColumns.includes(column));
      if (set.length === 0) throw new EchelonError('invalid_input', 'Nothing to update: give a value for a column besides the match columns.', { path: 'params.values' });
      const assignments = set.map((column) => `${quoteIdentifier(column)} = ${parameters.add(params.values[column])}`);
      const where = whereClause(params.matchColumns.map((column) => ({ column, operator: '=', value: params.values[column] })), 'and', parameters);
      const text = `UPDATE ${tableName(params.schema, params.table)} SET ${assignments.join(', ')}${where}${returning(params.returning)}`;
      return written(await query(ctx, text, parameters.values), params.returning);
    },
    async upsert(params: z.output<typeof UpsertParams>, ctx: Context) {
      const parameters = new Parameters();
      const { names, placeholders } = columnsOf(params.values, parameters);
      const updates = names.filter((name) => !params.conflictColumns.includes(name));
      const onConflict = updates.length > 0 ? `DO UPDATE SET ${updates.map((name) => `${quoteIdentifier(name)} = EXCLUDED.${quoteIdentifier(name)}`).join(', ')}` : 'DO NOTHING';
      const text = `INSERT INTO ${tableName(params.schema, params.table)} (${names.map(quoteIdentifier).join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT (${params.conflictColumns.map(quoteIdentifier).join(', ')}) ${onConflict}${returning(params.returning)}`;
      return written(await query(ctx, text, parameters.values), params.returning);
    },
    async delete(params: z.output<typeof DeleteParams>, ctx: Context) {
      const parameters = new Parameters();
      const result = await query(ctx, `DELETE FROM ${tableName(params.schema, params.table)}${whereClause(params.where, params.combine, parameters)}`, parameters.values);
      return { deleted: result.rowCount ?? 0 };
    },
    async check(_params: Record<string, never>, ctx: Context) {
      const result = await query(ctx, 'SELECT current_user AS "user", current_database() AS database, version() AS version', []);
      return result.rows[0];
    },
  },
});

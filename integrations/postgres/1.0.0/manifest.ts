import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const PostgresConnection = z.object({
  host: z.string().trim().min(1).meta({ title: 'Host' }),
  port: z.number().int().min(1).max(65_535).default(5432),
  database: z.string().trim().min(1).meta({ title: 'Database' }),
  ssl: z.enum(['disable', 'require', 'verify-full']).default('disable').meta({ title: 'TLS', description: 'require encrypts without checking the certificate (as libpq\'s sslmode=require); verify-full checks it against the system CAs.' }),
  maxConnections: z.number().int().min(1).max(100).default(10).meta({ title: 'Pool size' }),
  statementTimeoutMs: z.number().int().min(100).max(3_600_000).default(60_000).meta({ title: 'Statement timeout (ms)' }),
});

const Identifier = z.string().trim().min(1).max(63);
const Table = z.object({ schema: Identifier.default('public'), table: Identifier });
const Values = z.record(z.string(), z.unknown()).meta({ description: 'Column → value; objects and arrays are sent as JSON.' });
const Returning = z.boolean().default(true).meta({ description: 'Output the rows as stored (RETURNING *).' });

export const ExecuteQueryParams = z.object({
  query: z.string().min(1).meta({ 'x-multiline': true, description: 'SQL; $1, $2… take the parameters, so values are never spliced into the text.' }),
  parameters: z.array(z.unknown()).default([]),
});
export const InsertParams = Table.extend({ values: Values, returning: Returning });
export const UpdateParams = Table.extend({
  matchColumns: z.array(Identifier).min(1).meta({ description: 'The columns that find the row(s): their values come from `values`.' }),
  values: Values,
  returning: Returning,
});
export const UpsertParams = Table.extend({
  conflictColumns: z.array(Identifier).min(1).meta({ description: 'A unique key: a row with the same values there is updated instead.' }),
  values: Values,
  returning: Returning,
});
const Condition = z.object({
  column: Identifier,
  operator: z.enum(['=', '!=', '<', '<=', '>', '>=', 'like', 'ilike', 'is null', 'is not null']).default('='),
  value: z.unknown().optional(),
});
export const SelectParams = Table.extend({
  where: z.array(Condition).default([]),
  combine: z.enum(['and', 'or']).default('and'),
  orderBy: z.array(z.object({ column: Identifier, direction: z.enum(['asc', 'desc']).default('asc') })).default([]),
  limit: z.number().int().min(1).max(1_000_000).optional(),
});
export const DeleteParams = Table.extend({ where: z.array(Condition).min(1).meta({ description: 'Which rows: at least one condition, so a table is never emptied by mistake.' }), combine: z.enum(['and', 'or']).default('and') });

export default definePlugin({
  id: 'postgres',
  name: 'PostgreSQL',
  version: '1.0.0',
  description: 'Query, insert, update, upsert and delete rows of a PostgreSQL database, values always sent as parameters.',
  category: 'Databases',
  icon: 'database',
  type: 'api',
  auth: [{ type: 'basic' }],
  connection: PostgresConnection,
  healthCheck: { action: 'check' },
  actions: [
    { id: 'executeQuery', name: 'Execute a query', description: 'Any SQL with $1… parameters; the rows it returns, one item each.', parameters: ExecuteQueryParams, output: 'items', recovery: 'wait' },
    { id: 'select', name: 'Select rows', description: 'Rows of a table matching conditions, sorted and limited.', parameters: SelectParams, output: 'items', sideEffects: false },
    { id: 'insert', name: 'Insert a row', description: 'INSERT … RETURNING *.', parameters: InsertParams, output: 'items', recovery: 'wait' },
    { id: 'update', name: 'Update rows', description: 'UPDATE the rows matching the match columns.', parameters: UpdateParams, output: 'items' },
    { id: 'upsert', name: 'Insert or update a row', description: 'INSERT … ON CONFLICT (key) DO UPDATE.', parameters: UpsertParams, output: 'items' },
    { id: 'delete', name: 'Delete rows', description: 'DELETE the rows matching conditions.', parameters: DeleteParams, recovery: 'wait' },
    { id: 'check', name: 'Check the connection', description: 'Connects and reads the server version.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});

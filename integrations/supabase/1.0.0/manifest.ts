import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const SupabaseConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'Project URL', description: 'https://<project>.supabase.co' }),
});

export const Operator = z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'in', 'fts', 'plfts', 'phfts', 'wfts']);
export const Filter = z.object({
  column: z.string().trim().min(1),
  operator: Operator.default('eq').meta({ description: 'eq, neq, gt, gte, lt, lte, like/ilike (* as wildcard), is (null, true, false), in (a list), fts… (full-text search).' }),
  value: z.unknown(),
});
export type Filter = z.output<typeof Filter>;

const Table = {
  table: z.string().trim().min(1).meta({ description: 'The table (or view).' }),
  schema: z.string().trim().min(1).optional().meta({ description: 'A schema other than public (it must be exposed in the API settings).' }),
};
const Filters = {
  filters: z.array(Filter).default([]).meta({ description: 'Conditions on columns.' }),
  match: z.enum(['all', 'any']).default('all').meta({ description: 'Rows matching every condition, or any of them.' }),
  filterString: z.string().optional().meta({ description: 'Or PostgREST filters as query text, e.g. name=eq.Ada&age=gte.18 (added to the conditions).' }),
};
const Row = z.record(z.string(), z.unknown()).meta({ description: 'Column → value.' });
const Ignore = z.array(z.string()).default([]).meta({ description: 'Columns of the row to leave out (when the row is a whole item).' });

export const SelectParams = z.object({
  ...Table,
  ...Filters,
  select: z.string().default('*').meta({ description: 'Columns, e.g. id,name (all by default).' }),
  order: z.string().optional().meta({ description: 'e.g. created_at.desc' }),
  limit: z.number().int().min(1).optional().meta({ description: 'At most this many rows (all when empty).' }),
});
export const GetParams = z.object({ ...Table, ...Filters });
export const CreateParams = z.object({ ...Table, row: Row, ignore: Ignore });
export const UpdateParams = z.object({ ...Table, ...Filters, row: Row, ignore: Ignore });
export const DeleteParams = z.object({ ...Table, ...Filters });

export default definePlugin({
  id: 'supabase',
  name: 'Supabase',
  version: '1.0.0',
  description: 'Read, create, update and delete rows of a Supabase project\'s tables through its REST API (PostgREST), with filters.',
  category: 'Developer tools',
  icon: 'database',
  type: 'api',
  // The service_role key (or a secret key) reads past row-level security; an anon key obeys it.
  auth: [{ type: 'api_key', in: 'header', name: 'apikey' }],
  connection: SupabaseConnection,
  healthCheck: { action: 'check' },
  actions: [
    { id: 'getAll', name: 'Get rows', description: 'Rows matching the filters, ordered, every page; one item each.', parameters: SelectParams, sideEffects: false, output: 'items' },
    { id: 'get', name: 'Get a row', description: 'The row matching the filters (an error when none does).', parameters: GetParams, sideEffects: false },
    { id: 'create', name: 'Create a row', description: 'Inserts a row; returns it as stored (defaults filled in).', parameters: CreateParams, recovery: 'wait' },
    { id: 'update', name: 'Update rows', description: 'Sets these columns on the rows matching the filters; one item per row changed.', parameters: UpdateParams, output: 'items' },
    { id: 'delete', name: 'Delete rows', description: 'Deletes the rows matching the filters; one item per row deleted.', parameters: DeleteParams, output: 'items', recovery: 'wait' },
    { id: 'check', name: 'Check the key', description: 'Reads the API\'s description with the key.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});

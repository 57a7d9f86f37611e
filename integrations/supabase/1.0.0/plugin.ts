import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { CreateParams, DeleteParams, Filter, GetParams, SelectParams, SupabaseConnection, UpdateParams } from './manifest';

type Context = ActionContext<z.output<typeof SupabaseConnection>>;
type Query = Record<string, string | string[]>;
type Row = Record<string, unknown>;

/** PostgREST returns at most this many rows per request (Supabase's default max-rows). */
const PAGE = 1000;

/** PostgREST errors come as `{ code, message, details, hint }`. */
async function call<T>(ctx: Context, what: string, request: HttpRequest): Promise<T> {
  const response = await ctx.request(request);
  if (isSuccess(response)) return response.body as T;
  const body = (response.body ?? {}) as { code?: string; message?: string; details?: string | null; hint?: string | null };
  const code = response.status === 401 || response.status === 403 ? 'forbidden' : response.status === 404 ? 'not_found' : response.status === 409 ? 'conflict' : response.status >= 500 || response.status === 429 ? 'unavailable' : 'invalid_input';
  const hint = response.status === 401 ? ' Check the project URL and API key of the connection.' : body.code === '42501' ? ' The key\'s role may not do this: row-level security refuses it (the service_role key reads past it).' : '';
  const detail = [body.details, body.hint].filter(Boolean).join(' ');
  throw new EchelonError(code === 'conflict' ? 'invalid_input' : code, `Supabase ${what} failed: ${body.message ?? `HTTP ${response.status}`}${body.code ? ` (${body.code})` : ''}${detail ? `: ${detail}` : ''}.${hint}`);
}

const text = (value: unknown) => (value === null || value === undefined ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value));
/** A value inside a list (`in.(…)`, `or=(…)`): quoted when it holds a comma, a parenthesis or a quote, as PostgREST reads it. */
const quoted = (value: unknown) => (/[,()"]/.test(text(value)) ? `"${text(value).replace(/(["\\])/g, '\\$1')}"` : text(value));

function expression(filter: Filter, inList: boolean): string {
  if (filter.operator === 'in') {
    const values = Array.isArray(filter.value) ? filter.value : String(filter.value ?? '').split(',').map((entry) => entry.trim());
    return `in.(${values.map(quoted).join(',')})`;
  }
  if (filter.operator === 'is') return `is.${text(filter.value).toLowerCase()}`;
  return `${filter.operator}.${inList ? quoted(filter.value) : text(filter.value)}`;
}

/** The filters as PostgREST query parameters: side by side (all), or one `or=(…)`. */
function filterQuery(params: { filters: Filter[]; match: 'all' | 'any'; filterString?: string }): Query {
  const query: Query = {};
  const add = (key: string, value: string) => (query[key] = key in query ? [...[query[key]!].flat(), value] : value);
  if (params.match === 'any' && params.filters.length > 1) add('or', `(${params.filters.map((filter) => `${filter.column}.${expression(filter, true)}`).join(',')})`);
  else for (const filter of params.filters) add(filter.column, expression(filter, false));
  for (const [key, value] of new URLSearchParams((params.filterString ?? '').replace(/^\?/, ''))) add(key, value);
  return query;
}

const tablePath = (table: string) => `rest/v1/${encodeURIComponent(table)}`;
const profile = (schema: string | undefined, write: boolean): Record<string, string> => (schema ? { [write ? 'content-profile' : 'accept-profile']: schema } : {});

const without = (row: Row, ignore: string[]) => Object.fromEntries(Object.entries(row).filter(([column]) => !ignore.includes(column)));

function needsFilters(params: { filters: Filter[]; filterString?: string }, what: string) {
  if (params.filters.length === 0 && !params.filterString?.trim()) throw new EchelonError('invalid_input', `Give at least one filter: ${what} every row of the table is refused, as PostgREST does.`, { path: 'params.filters' });
}

export default defineIntegrationCode({
  actions: {
    async getAll(params: z.output<typeof SelectParams>, ctx: Context) {
      const rows: Row[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const size = Math.min(PAGE, params.limit === undefined ? PAGE : params.limit - rows.length);
        const page = await call<Row[]>(ctx, `reading ${params.table}`, {
          url: tablePath(params.table),
          headers: profile(params.schema, false),
          query: { select: params.select, ...filterQuery(params), ...(params.order ? { order: params.order } : {}), limit: String(size), offset: String(offset) },
        });
        rows.push(...page);
        if (page.length < size || (params.limit !== undefined && rows.length >= params.limit)) return rows;
      }
    },
    async get(params: z.output<typeof GetParams>, ctx: Context) {
      needsFilters(params, 'getting');
      const rows = await call<Row[]>(ctx, `reading ${params.table}`, { url: tablePath(params.table), headers: profile(params.schema, false), query: { select: '*', ...filterQuery(params), limit: '2' } });
      if (rows.length === 0) throw new EchelonError('not_found', `No row of ${params.table} matches the filters.`, { path: 'params.filters' });
      return rows[0];
    },
    async create(params: z.output<typeof CreateParams>, ctx: Context) {
      const rows = await call<Row[]>(ctx, `inserting into ${params.table}`, { method: 'POST', url: tablePath(params.table), headers: { prefer: 'return=representation', ...profile(params.schema, true) }, body: { type: 'json', value: without(params.row, params.ignore) } });
      return rows[0];
    },
    async update(params: z.output<typeof UpdateParams>, ctx: Context) {
      needsFilters(params, 'updating');
      return call<Row[]>(ctx, `updating ${params.table}`, { method: 'PATCH', url: tablePath(params.table), headers: { prefer: 'return=representation', ...profile(params.schema, true) }, query: filterQuery(params), body: { type: 'json', value: without(params.row, params.ignore) } });
    },
    async delete(params: z.output<typeof DeleteParams>, ctx: Context) {
      needsFilters(params, 'deleting');
      return call<Row[]>(ctx, `deleting from ${params.table}`, { method: 'DELETE', url: tablePath(params.table), headers: { prefer: 'return=representation', ...profile(params.schema, true) }, query: filterQuery(params) });
    },
    async check(_params: Record<string, never>, ctx: Context) {
      await call(ctx, 'check', { url: 'rest/v1/', headers: { accept: 'application/openapi+json' } });
      return { ok: true };
    },
  },
});

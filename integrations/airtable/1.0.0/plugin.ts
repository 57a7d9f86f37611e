import type { z } from 'zod';
import { EchelonError } from '../../../shared/contract/errors';
import { errorDetail } from '../../../shared/integrations/http-errors';
import { isSuccess, type HttpRequest } from '../../../shared/integrations/http';
import { defineIntegrationCode, type ActionContext } from '../../../shared/integrations/plugin-code';
import type { AirtableConnection, CreateParams, RecordRef, SearchParams, TableRef, UpdateParams, UpsertParams } from './manifest';

type Context = ActionContext<z.output<typeof AirtableConnection>>;
type AirtableRecord = { id: string; createdTime: string; fields: Record<string, unknown> };

/** Airtable errors come as `{ error: { type, message } }` or `{ error: "NOT_FOUND" }`. */
async function call<T = Record<string, unknown>>(ctx: Context, what: string, request: HttpRequest): Promise<T> {
  const response = await ctx.request(request);
  if (isSuccess(response)) return response.body as T;
  const error = (response.body as { error?: string | { type?: string; message?: string } } | undefined)?.error;
  const type = typeof error === 'string' ? error : error?.type;
  const message = typeof error === 'object' && error?.message ? error.message : errorDetail(response.body) ?? `HTTP ${response.status}`;
  const code = response.status === 401 || response.status === 403 ? 'forbidden' : response.status === 404 ? 'not_found' : response.status === 429 || response.status >= 500 ? 'unavailable' : 'invalid_input';
  const hint = response.status === 401 ? ' Check the personal access token of the connection.' : response.status === 403 || response.status === 404 ? ' Check the base and table, and that the token has access to the base.' : '';
  throw new EchelonError(code, `Airtable ${what} failed: ${message === type ? message : `${message}${type ? ` (${type})` : ''}`}.${hint}`);
}

const baseOf = (value: string) => /\b(app[A-Za-z0-9]{14})\b/.exec(value)?.[1] ?? value;
const tableUrl = (ref: z.output<typeof TableRef>) => `v0/${encodeURIComponent(baseOf(ref.base))}/${encodeURIComponent(ref.table)}`;
/** A record as n8n gives it: the fields at the top, beside its id and creation time. */
const flat = (record: AirtableRecord) => ({ id: record.id, createdTime: record.createdTime, ...record.fields });

export default defineIntegrationCode({
  actions: {
    async search(params: z.output<typeof SearchParams>, ctx: Context) {
      const records: AirtableRecord[] = [];
      let offset: string | undefined;
      do {
        const query: Record<string, string | number | string[]> = { pageSize: Math.min(100, params.limit ?? 100) };
        if (params.filterByFormula) query.filterByFormula = params.filterByFormula;
        if (params.view) query.view = params.view;
        if (params.fields.length > 0) query['fields[]'] = params.fields;
        params.sort.forEach((sort, index) => {
          query[`sort[${index}][field]`] = sort.field;
          query[`sort[${index}][direction]`] = sort.direction;
        });
        if (offset) query.offset = offset;
        const page = await call<{ records: AirtableRecord[]; offset?: string }>(ctx, 'search', { url: tableUrl(params), query });
        records.push(...page.records);
        offset = page.offset;
      } while (offset && (params.limit === undefined || records.length < params.limit));
      return records.slice(0, params.limit).map(flat);
    },
    async get(params: z.output<typeof RecordRef>, ctx: Context) {
      return flat(await call<AirtableRecord>(ctx, 'get', { url: `${tableUrl(params)}/${encodeURIComponent(params.id)}` }));
    },
    async create(params: z.output<typeof CreateParams>, ctx: Context) {
      const body = await call<{ records: AirtableRecord[] }>(ctx, 'create', { method: 'POST', url: tableUrl(params), body: { type: 'json', value: { records: [{ fields: params.fields }], typecast: params.typecast } } });
      return flat(body.records[0]!);
    },
    async update(params: z.output<typeof UpdateParams>, ctx: Context) {
      // An item from a search carries the record's own id and createdTime beside its fields: they are not fields to set.
      const { id: _id, createdTime: _created, ...fields } = params.fields;
      const body = await call<{ records: AirtableRecord[] }>(ctx, 'update', { method: 'PATCH', url: tableUrl(params), body: { type: 'json', value: { records: [{ id: params.id, fields }], typecast: params.typecast } } });
      return flat(body.records[0]!);
    },
    async upsert(params: z.output<typeof UpsertParams>, ctx: Context) {
      const missing = params.mergeOn.filter((field) => !(field in params.fields));
      if (missing.length > 0) throw new EchelonError('invalid_input', `Give the value of ${missing.map((field) => `"${field}"`).join(', ')} in the fields: it finds the record to update.`, { path: 'params.fields' });
      const body = await call<{ records: AirtableRecord[]; createdRecords?: string[] }>(ctx, 'upsert', {
        method: 'PATCH',
        url: tableUrl(params),
        body: { type: 'json', value: { performUpsert: { fieldsToMergeOn: params.mergeOn }, records: [{ fields: params.fields }], typecast: params.typecast } },
      });
      const record = body.records[0]!;
      return { ...flat(record), created: (body.createdRecords ?? []).includes(record.id) };
    },
    async delete(params: z.output<typeof RecordRef>, ctx: Context) {
      return call(ctx, 'delete', { method: 'DELETE', url: `${tableUrl(params)}/${encodeURIComponent(params.id)}` });
    },
    async whoami(_params: Record<string, never>, ctx: Context) {
      return call(ctx, 'whoami', { url: 'v0/meta/whoami' });
    },
  },
});

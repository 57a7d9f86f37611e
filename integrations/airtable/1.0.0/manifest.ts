import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const AirtableConnection = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).meta({ title: 'API URL' }).default('https://api.airtable.com'),
});

export const TableRef = z.object({
  base: z.string().trim().min(1).meta({ description: 'The base ID (app…), or its URL.' }),
  table: z.string().trim().min(1).meta({ description: 'The table ID (tbl…) or name.' }),
});
const Fields = z.record(z.string(), z.unknown()).meta({ description: 'Field name → value.' });
const Typecast = z.boolean().default(false).meta({ description: 'Let Airtable convert text to the field\'s type (new select options, linked records by name).' });

export const SearchParams = TableRef.extend({
  filterByFormula: z.string().optional().meta({ description: 'An Airtable formula, e.g. {Status} = \'Open\'.' }),
  view: z.string().optional(),
  fields: z.array(z.string()).default([]).meta({ description: 'Only these fields (all when empty).' }),
  sort: z.array(z.object({ field: z.string().min(1), direction: z.enum(['asc', 'desc']).default('asc') })).default([]),
  limit: z.number().int().min(1).max(100_000).optional().meta({ description: 'At most this many records (all when empty).' }),
});
export const CreateParams = TableRef.extend({ fields: Fields, typecast: Typecast });
export const UpdateParams = TableRef.extend({ id: z.string().min(1).meta({ description: 'The record ID (rec…).' }), fields: Fields, typecast: Typecast });
export const UpsertParams = TableRef.extend({ fields: Fields, mergeOn: z.array(z.string().min(1)).min(1).max(3).meta({ description: 'Fields that identify the record: it is updated when one matches, created otherwise.' }), typecast: Typecast });
export const RecordRef = TableRef.extend({ id: z.string().min(1) });

export default definePlugin({
  id: 'airtable',
  name: 'Airtable',
  version: '1.0.0',
  description: 'Search, create, update, upsert and delete records of an Airtable base with a personal access token.',
  category: 'Productivity',
  icon: 'sheet',
  type: 'api',
  auth: [{ type: 'bearer' }],
  connection: AirtableConnection,
  // Airtable allows 5 requests per second per base.
  rateLimit: { requestsPerSecond: 5, burst: 5 },
  healthCheck: { action: 'whoami' },
  actions: [
    { id: 'search', name: 'Search records', description: 'Records matching a formula, sorted, every page; one item each, fields at the top with id and createdTime.', parameters: SearchParams, sideEffects: false, output: 'items' },
    { id: 'get', name: 'Get a record', description: 'One record by ID.', parameters: RecordRef, sideEffects: false },
    { id: 'create', name: 'Create a record', description: 'A new record with these fields.', parameters: CreateParams, recovery: 'wait' },
    { id: 'update', name: 'Update a record', description: 'Sets these fields of a record, leaving the others.', parameters: UpdateParams },
    { id: 'upsert', name: 'Create or update a record', description: 'Updates the record whose merge fields match, or creates it.', parameters: UpsertParams },
    { id: 'delete', name: 'Delete a record', description: 'Deletes a record by ID.', parameters: RecordRef, recovery: 'wait' },
    { id: 'whoami', name: 'Check the token', description: 'The user and scopes the token has.', parameters: z.object({}), sideEffects: false },
  ],
  triggers: [],
});

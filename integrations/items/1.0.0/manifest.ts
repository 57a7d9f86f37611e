import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { Conditions } from '../../../electron/main/services/engine/nodes/conditions';

/** Field names are dot paths (`a.b`) unless `dotNotation` is off. */
const dotNotation = z.boolean().default(true);

export const FilterParameters = z.object({
  conditions: Conditions.default({ options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [], combinator: 'and' }),
  looseTypeValidation: z.boolean().default(false),
});

export const SplitOutParameters = z.object({
  /** One field, or several separated by commas (split side by side). */
  field: z.string().min(1),
  include: z.enum(['none', 'all', 'selected']).default('none'),
  includeFields: z.array(z.string().min(1)).default([]),
  /** The output field for values that are not objects (default: the field's own name). */
  destinationField: z.string().optional(),
  dotNotation,
});

export const AggregateParameters = z.object({
  /** `fields`: a list per named field; `all`: every item's JSON in one list. */
  mode: z.enum(['fields', 'all']).default('fields'),
  fields: z.array(z.object({ field: z.string().min(1), outputField: z.string().optional() })).default([]),
  destinationField: z.string().min(1).default('data'),
  /** Flatten fields that are lists themselves. */
  mergeLists: z.boolean().default(false),
  /** Keep `null` for items without the field. */
  keepMissing: z.boolean().default(false),
  dotNotation,
});

export const LimitParameters = z.object({
  maxItems: z.number().int().min(0).default(1),
  keep: z.enum(['first', 'last']).default('first'),
});

export const SortParameters = z.object({
  mode: z.enum(['fields', 'random']).default('fields'),
  fields: z.array(z.object({ field: z.string().min(1), order: z.enum(['ascending', 'descending']).default('ascending') })).default([]),
  dotNotation,
});

export const RemoveDuplicatesParameters = z.object({
  compare: z.enum(['all', 'allExcept', 'selected']).default('all'),
  fields: z.array(z.string().min(1)).default([]),
  dotNotation,
});

export const RenameKeysParameters = z.object({
  keys: z.array(z.object({ from: z.string().min(1), to: z.string().min(1) })).default([]),
});

export const StopParameters = z.object({
  message: z.string().default('Stopped by the workflow'),
  /** An error object to fail with instead of a message (its `message` field, or all of it as JSON). */
  errorObject: z.unknown().optional(),
});

const action = (id: string, name: string, description: string, parameters: z.ZodType, extra: Record<string, unknown> = {}) => ({ id, name, description, parameters, sideEffects: false, ...extra });

export default definePlugin({
  id: 'items',
  name: 'Items',
  version: '1.0.0',
  description: "Works on the list of items as n8n's core nodes do: filter, split out, aggregate, limit, sort, remove duplicates, rename keys, stop with an error.",
  category: 'Data',
  icon: 'list',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    action('filter', 'Filter', 'Keeps the items matching the conditions (n8n Filter); the others go to "discarded".', FilterParameters, { outputs: ['main', 'discarded'] }),
    action('splitOut', 'Split out', 'Turns a list inside each item into one item per entry (n8n Split Out).', SplitOutParameters),
    action('aggregate', 'Aggregate', 'Gathers fields of all items into lists on one item (n8n Aggregate).', AggregateParameters),
    action('limit', 'Limit', 'Keeps the first or last items (n8n Limit).', LimitParameters),
    action('sort', 'Sort', 'Orders items by fields, or shuffles them (n8n Sort).', SortParameters),
    action('removeDuplicates', 'Remove duplicates', 'Drops items equal to an earlier one, on all or some fields (n8n Remove Duplicates).', RemoveDuplicatesParameters),
    action('renameKeys', 'Rename keys', 'Renames fields of every item (n8n Rename Keys).', RenameKeysParameters),
    action('stop', 'Stop and error', 'Fails the execution with a message (n8n Stop and Error).', StopParameters, { kind: 'control' }),
  ],
  triggers: [],
});

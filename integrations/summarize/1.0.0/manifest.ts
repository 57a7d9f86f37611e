import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const SummarizeParameters = z.object({
  fields: z
    .array(
      z.object({
        aggregation: z.enum(['append', 'average', 'concatenate', 'count', 'countUnique', 'max', 'min', 'sum']).default('count'),
        field: z.string().default(''),
        /** Count, append or concatenate empty values (null, undefined, '') too. */
        includeEmpty: z.boolean().default(false),
        /** With `concatenate`. */
        separator: z.string().default(','),
      }),
    )
    .default([]),
  /** Group by these fields (a summary per distinct combination). */
  splitBy: z.array(z.string().min(1)).default([]),
  /** One item per group, or all groups nested in one item. */
  outputFormat: z.enum(['separateItems', 'singleItem']).default('separateItems'),
  continueIfFieldNotFound: z.boolean().default(false),
  skipEmptySplitFields: z.boolean().default(false),
  dotNotation: z.boolean().default(true),
  /** Group values keep their type (numbers stay numbers), as n8n's Summarize 1.1; off: group values are text. */
  originalTypes: z.boolean().default(true),
});

export default definePlugin({
  id: 'summarize',
  name: 'Summarize',
  version: '1.0.0',
  description: 'Counts, sums, averages, concatenates and more over all items, optionally per group (n8n Summarize; a pivot table).',
  category: 'Data',
  icon: 'sigma',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'summarize', name: 'Summarize', description: 'Aggregates fields of all items, split by groups.', parameters: SummarizeParameters, sideEffects: false }],
  triggers: [],
});

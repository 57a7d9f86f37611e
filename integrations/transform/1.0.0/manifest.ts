import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const FieldAssignment = z.object({
  /** With dot notation on, `a.b` sets `b` inside `a`. */
  name: z.string().min(1),
  value: z.unknown(),
  /** `auto` keeps the value as the expression gave it; the others convert (and fail when they cannot). */
  type: z.enum(['auto', 'string', 'number', 'boolean', 'array', 'object']).default('auto'),
});

export const TransformParameters = z.object({
  /** `fields`: set fields one by one; `json`: merge a JSON object into each item. */
  mode: z.enum(['fields', 'json']).default('fields'),
  fields: z.array(FieldAssignment).default([]),
  json: z.unknown().optional(),
  /** Which input fields the output keeps before fields are set. */
  include: z.enum(['all', 'none', 'selected', 'except']).default('all'),
  includeFields: z.array(z.string().min(1)).default([]),
  rename: z.array(z.object({ from: z.string().min(1), to: z.string().min(1) })).default([]),
  remove: z.array(z.string().min(1)).default([]),
  dotNotation: z.boolean().default(true),
  ignoreConversionErrors: z.boolean().default(false),
});

export default definePlugin({
  id: 'transform',
  name: 'Transform',
  version: '1.0.0',
  description: 'Sets, renames and removes fields of every item (n8n Edit Fields / Set).',
  category: 'Data',
  icon: 'pencil',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'edit', name: 'Edit fields', description: 'Set, rename and remove fields on each item.', parameters: TransformParameters, sideEffects: false }],
  triggers: [],
});

import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const FormField = z.object({
  name: z.string().min(1),
  type: z.enum(['string', 'number', 'boolean', 'json']).default('string'),
  required: z.boolean().default(false),
  description: z.string().optional(),
  default: z.unknown().optional(),
});

export const ManualParameters = z.object({
  /** The run form: fields asked for when a person runs the workflow. */
  fields: z.array(FormField).default([]),
});

export default definePlugin({
  id: 'manual',
  name: 'Manual trigger',
  version: '1.0.0',
  description: 'Starts a workflow by hand (Run button, CLI, API), with an optional input form.',
  category: 'Triggers',
  icon: 'play',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [],
  triggers: [{ id: 'trigger', name: 'Manual trigger', description: 'Runs when started by hand; the input becomes the first item.', parameters: ManualParameters }],
});

import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const LoopParameters = z.object({
  batchSize: z.number().int().min(1).default(1),
  /** Treat every incoming list as a new one to split (instead of the loop's processed items). */
  reset: z.boolean().default(false),
  /**
   * n8n's Split in Batches v1–2: every run sends the next batch to "loop" (nothing to "done"),
   * and the loop ends on `$node["Name"].context["noItemsLeft"]`.
   */
  legacy: z.boolean().default(false),
});

export default definePlugin({
  id: 'loop',
  name: 'Loop over items',
  version: '1.0.0',
  description: 'Feeds items to "loop" in batches; connect the loop\'s end back to it; "done" gets every processed item (n8n Loop Over Items).',
  category: 'Flow',
  icon: 'repeat',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'batches',
      name: 'Loop over items',
      description: 'Splits items into batches and runs the loop branch once per batch.',
      parameters: LoopParameters,
      outputs: ['done', 'loop'],
      sideEffects: false,
      kind: 'control',
    },
  ],
  triggers: [],
});

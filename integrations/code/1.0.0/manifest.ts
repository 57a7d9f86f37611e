import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const CodeParameters = z.object({
  /** `runOnceForAllItems`: `$input.all()` and return a list; `runOnceForEachItem`: `$json` and return one item. */
  mode: z.enum(['runOnceForAllItems', 'runOnceForEachItem']).default('runOnceForAllItems'),
  code: z.string().min(1),
  /** CPU time the code may use per run. */
  timeoutMs: z.number().int().min(10).max(600_000).default(10_000),
  memoryMb: z.number().int().min(8).max(1024).default(64),
  /** n8n's Function and Function Item nodes: `$('Node').item` in all-items mode, and `item` is the item's JSON. */
  legacy: z.boolean().default(false),
});

export default definePlugin({
  id: 'code',
  name: 'Code',
  version: '1.0.0',
  description: 'Runs JavaScript in a QuickJS sandbox off the main thread, with time and memory limits (n8n Code).',
  category: 'Data',
  icon: 'code',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'run', name: 'Code', description: 'Transforms items with JavaScript and n8n\'s globals: $input.all(), $json, $(\'Node\'), DateTime, crypto, Buffer; returns items.', parameters: CodeParameters, sideEffects: false }],
  triggers: [],
});

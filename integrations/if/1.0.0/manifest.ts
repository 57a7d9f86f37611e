import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { Conditions } from '../../../electron/main/services/engine/nodes/conditions';

export const IfParameters = z.object({
  conditions: Conditions.default({ options: { caseSensitive: true, typeValidation: 'strict' }, conditions: [], combinator: 'and' }),
  /** Convert values to the comparison's type instead of failing on a mismatch. */
  looseTypeValidation: z.boolean().default(false),
});

export default definePlugin({
  id: 'if',
  name: 'If',
  version: '1.0.0',
  description: 'Routes each item to "true" or "false" by conditions (n8n If).',
  category: 'Flow',
  icon: 'split',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [{ id: 'check', name: 'If', description: 'Sends items matching the conditions to "true", the rest to "false".', parameters: IfParameters, outputs: ['true', 'false'], sideEffects: false, kind: 'control' }],
  triggers: [],
});

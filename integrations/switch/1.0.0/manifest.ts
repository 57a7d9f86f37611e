import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';
import { Conditions } from '../../../electron/main/services/engine/nodes/conditions';

export const SwitchRule = z.object({
  conditions: Conditions,
  /** Shown on the canvas instead of the output's number. */
  outputKey: z.string().optional(),
});

export const SwitchParameters = z.object({
  /** `rules`: the first (or every) matching rule's output; `expression`: `output` gives the output number. */
  mode: z.enum(['rules', 'expression']).default('rules'),
  rules: z.array(SwitchRule).default([]),
  /** With `expression`: the output number for the item. */
  output: z.unknown().optional(),
  /** With `expression`: how many outputs there are. */
  numberOutputs: z.number().int().min(1).max(64).default(4),
  /** Items no rule matched: dropped, sent to an extra "fallback" output, or to the numbered one. */
  fallbackOutput: z.union([z.literal('none'), z.literal('extra'), z.number().int().min(0)]).default('none'),
  allMatchingOutputs: z.boolean().default(false),
  looseTypeValidation: z.boolean().default(false),
});

export function switchOutputs(parameters: Record<string, unknown>): string[] {
  const parsed = SwitchParameters.safeParse(parameters);
  const params = parsed.success ? parsed.data : SwitchParameters.parse({});
  const count = params.mode === 'expression' ? params.numberOutputs : params.rules.length;
  const outputs = Array.from({ length: count }, (_, i) => String(i));
  if (params.mode === 'rules' && params.fallbackOutput === 'extra') outputs.push('fallback');
  return outputs;
}

export default definePlugin({
  id: 'switch',
  name: 'Switch',
  version: '1.0.0',
  description: 'Routes items to numbered outputs by rules or by an expression (n8n Switch).',
  category: 'Flow',
  icon: 'git-fork',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'route',
      name: 'Switch',
      description: 'Sends each item to the output of the first (or every) matching rule.',
      parameters: SwitchParameters,
      outputs: [],
      ports: (parameters) => ({ outputs: switchOutputs(parameters) }),
      sideEffects: false,
      kind: 'control',
    },
  ],
  triggers: [],
});

import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const MergeParameters = z.object({
  /** `all` waits for both inputs (a missing branch counts as empty once nothing else can run); `first` goes on with whichever arrives first. */
  wait: z.enum(['all', 'first']).default('all'),
  mode: z.enum(['append', 'combineByFields', 'combineByPosition', 'combineAll', 'chooseBranch']).default('append'),
  /** With `combineByFields`: pairs of fields that must be equal. */
  fields: z.array(z.object({ field1: z.string().min(1), field2: z.string().min(1) })).default([]),
  joinMode: z.enum(['keepMatches', 'keepNonMatches', 'keepEverything', 'enrichInput1', 'enrichInput2']).default('keepMatches'),
  outputDataFrom: z.enum(['both', 'input1', 'input2']).default('both'),
  /** When both items have a field: which wins. */
  clashHandling: z.enum(['preferInput2', 'preferInput1']).default('preferInput2'),
  multipleMatches: z.enum(['all', 'first']).default('all'),
  /** With `combineByPosition`: keep items that have no partner. */
  includeUnpaired: z.boolean().default(false),
  /** With `chooseBranch`: the input whose items go on (1 to `numberInputs`). */
  useDataOfInput: z.number().int().min(1).max(10).default(1),
  /** How many inputs (n8n Merge 3): append, position and choose-branch modes take up to 10. */
  numberInputs: z.number().int().min(2).max(10).default(2),
});

/** input1 … inputN. */
export const mergeInputs = (parameters: Record<string, unknown>) => Array.from({ length: Math.max(2, Math.min(10, Number(parameters.numberInputs) || 2)) }, (_, i) => `input${i + 1}`);

export default definePlugin({
  id: 'merge',
  name: 'Merge',
  version: '1.0.0',
  description: 'Joins two or more branches: append, match by fields, by position, every combination, or pick one (n8n Merge).',
  category: 'Flow',
  icon: 'merge',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'combine',
      name: 'Merge',
      description: 'Waits for both inputs (or the first) and combines their items.',
      parameters: MergeParameters,
      inputs: ['input1', 'input2'],
      ports: (parameters) => ({ inputs: mergeInputs(parameters) }),
      sideEffects: false,
      kind: 'control',
    },
  ],
  triggers: [],
});

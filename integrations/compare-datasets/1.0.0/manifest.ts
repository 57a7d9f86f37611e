import { z } from 'zod';
import { definePlugin } from '../../../shared/integrations/manifest';

export const CompareParameters = z.object({
  /** Pairs of fields (input A's, input B's) that identify the same record. */
  fields: z.array(z.object({ field1: z.string().min(1), field2: z.string().min(1) })).min(1),
  /** For records that differ: keep A's version, B's, a mix, or both side by side. */
  resolve: z.enum(['includeBoth', 'preferInput1', 'preferInput2', 'mix']).default('includeBoth'),
  /** With `mix`: which input's version to start from, and the fields taken from the other. */
  preferWhenMix: z.enum(['input1', 'input2']).default('input1'),
  exceptWhenMix: z.string().default(''),
  /** Fields left out of the comparison (comma-separated). */
  skipFields: z.string().default(''),
  /** Treat 1 and "1", null and "", true and "true" as equal. */
  fuzzyCompare: z.boolean().default(false),
  multipleMatches: z.enum(['first', 'all']).default('first'),
  dotNotation: z.boolean().default(true),
  /** The two sides of a differing field in `includeBoth` output (n8n 2.1+: inputA / inputB). */
  sideNames: z.enum(['inputA', 'input1']).default('inputA'),
});

export default definePlugin({
  id: 'compare-datasets',
  name: 'Compare datasets',
  version: '1.0.0',
  description: 'Compares two lists of records by key fields: in A only, the same, different, in B only (n8n Compare Datasets).',
  category: 'Data',
  icon: 'git-compare',
  type: 'core',
  auth: [{ type: 'none' }],
  actions: [
    {
      id: 'compare',
      name: 'Compare datasets',
      description: 'Matches the records of input A and input B by key fields and sorts them into four outputs.',
      parameters: CompareParameters,
      inputs: ['inputA', 'inputB'],
      outputs: ['inAOnly', 'same', 'different', 'inBOnly'],
      sideEffects: false,
      kind: 'control',
    },
  ],
  triggers: [],
});

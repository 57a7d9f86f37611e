import type { z } from 'zod';
import { main, type Item, type NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { SubWorkflowParameters } from './manifest';

export const nodes: NodePlugin['nodes'] = {
  execute: {
    async run(ctx) {
      const params = ctx.params<z.infer<typeof SubWorkflowParameters>>();
      if (params.mode === 'once') return main(await ctx.services.runWorkflow({ workflowId: params.workflowId, items: ctx.input, signal: ctx.signal }));
      const out: Item[] = [];
      for (let i = 0; i < ctx.input.length; i++) {
        const result = await ctx.services.runWorkflow({ workflowId: ctx.params<z.infer<typeof SubWorkflowParameters>>(i).workflowId, items: [ctx.input[i]!], signal: ctx.signal });
        for (const item of result) out.push({ ...item, pairedItem: { item: i } });
      }
      return main(out);
    },
  },
};

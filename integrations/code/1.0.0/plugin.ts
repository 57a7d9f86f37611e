import type { z } from 'zod';
import type { Item, NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { CodeParameters } from './manifest';

export const nodes: NodePlugin['nodes'] = {
  run: {
    async run(ctx) {
      const params = ctx.params<z.infer<typeof CodeParameters>>();
      let result: { items: Item[]; logs: string[] };
      try {
        result = await ctx.services.runCode({
          code: params.code,
          mode: params.mode,
          items: ctx.input,
          timeoutMs: params.timeoutMs,
          memoryBytes: params.memoryMb * 1024 * 1024,
          signal: ctx.signal,
          continueOnFail: ctx.node.onError === 'continue' || ctx.node.onError === 'route',
        });
      } catch (error) {
        // What the code printed before it threw is often what explains the failure.
        for (const line of (error as { logs?: string[] }).logs ?? []) ctx.log(line);
        throw error;
      }
      for (const line of result.logs) ctx.log(line);
      return { outputs: { main: result.items } };
    },
  },
};

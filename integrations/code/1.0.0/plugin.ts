import type { z } from 'zod';
import type { NodePlugin } from '../../../electron/main/services/engine/node-api';
import type { CodeParameters } from './manifest';

export const nodes: NodePlugin['nodes'] = {
  run: {
    async run(ctx) {
      const params = ctx.params<z.infer<typeof CodeParameters>>();
      const { items, logs } = await ctx.services.runCode({
        code: params.code,
        mode: params.mode,
        items: ctx.input,
        timeoutMs: params.timeoutMs,
        memoryBytes: params.memoryMb * 1024 * 1024,
        signal: ctx.signal,
        continueOnFail: ctx.node.onError === 'continue' || ctx.node.onError === 'route',
      });
      for (const line of logs) ctx.log(line);
      return { outputs: { main: items } };
    },
  },
};
